// OWAPages: the Outlook Web App paths: a 302 to forms sign-in and the HTML sign-in page. Never SOAP.
import Foundation

/// `/owa/...` behaves like OWA with forms authentication: any request is redirected (302) to
/// `/owa/auth/logon.aspx?url=…&reason=0`, which answers an HTML sign-in page. Nothing here is SOAP,
/// so clients that were given the OWA URL can tell they are not talking to EWS.
enum OWAPages {
    static func isOWA(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower == "/owa" || lower.hasPrefix("/owa/") || lower.hasPrefix("/owa?")
    }

    static func respond(_ request: FakeHTTPRequest, build: ServerBuild) -> FakeHTTPResponse {
        let version: (name: String, value: String) = (name: "X-OWA-Version", value: build.dotted)
        if request.pathOnly.lowercased().hasPrefix("/owa/auth/logon.aspx") {
            return .html(200, signInPage, extraHeaders: [version])
        }
        let host = request.header("Host") ?? "localhost"
        let original = "https://\(host)\(request.path)"
        let encoded = original.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let location = "/owa/auth/logon.aspx?url=\(encoded)&reason=0"
        let body = "<html><head><title>Object moved</title></head><body><h2>Object moved to <a href=\"\(location)\">here</a>.</h2></body></html>"
        return .html(302, body, extraHeaders: [(name: "Location", value: location), version])
    }

    static let signInPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Outlook</title></head>
        <body>
        <form action="/owa/auth.owa" method="POST" name="logonForm" autocomplete="off">
        <div class="signInHeader">Outlook</div>
        <label for="username">Domain\\user name:</label><input id="username" name="username" type="text">
        <label for="password">Password:</label><input id="password" name="password" type="password">
        <input type="hidden" name="destination" value="">
        <input type="hidden" name="flags" value="4">
        <div class="signinbutton" role="button" onclick="clkLgn()">sign in</div>
        </form>
        </body></html>
        """
}
