/** One CA plus the BuildKit server and pro-builder client pairs it signed, all PEM text. */
export interface CertificateSet {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}
