// EWSNamespace: the namespace URIs of SOAP 1.1 and EWS, and xs:boolean parsing.
import Foundation

/// Namespace URIs; requests are matched on these, never on prefixes.
enum EWSNamespace {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
    static let errors = "http://schemas.microsoft.com/exchange/services/2006/errors"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    static let xsd = "http://www.w3.org/2001/XMLSchema"

    /// xs:boolean: `true`, `false`, `1`, `0` (surrounding whitespace allowed); nil otherwise.
    static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
}
