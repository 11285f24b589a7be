// The annotation layer's typed errors: an IP-to-ASN database file that cannot be used.

import { CodedError } from '../model/coded-error.js'

export type AnnotateErrorCode = 'ERR_ASN_DB'

/** `--asn-db FILE` names a file that is missing, too large or not in the iptoasn TSV format (the line says where). */
export class AsnDatabaseError extends CodedError<AnnotateErrorCode> {
  constructor (message: string, options?: ErrorOptions) {
    super('ERR_ASN_DB', message, options)
  }
}
