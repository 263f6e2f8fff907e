// The namespace URIs of EWS and SOAP 1.1; elements are matched by URI and local name, never by prefix.

enum EWSNamespace {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
    static let errors = "http://schemas.microsoft.com/exchange/services/2006/errors"
}
