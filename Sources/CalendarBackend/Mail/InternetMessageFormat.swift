// InternetMessageFormat: an OutgoingMail as the bytes of an RFC 5322 message (MIME text/plain, UTF-8,
// quoted-printable), ready for SMTP DATA.
import Foundation
import TextSupport

enum InternetMessageFormat {
    /// CRLF line ends throughout; header values have CR and LF removed, so no field can inject another.
    static func render(_ mail: OutgoingMail, from: String) -> [UInt8] {
        let headers = [
            "Date: \(rfc5322Date(mail.date))",
            "From: a4b-calendar <\(singleLine(from))>",
            "To: <\(singleLine(mail.to))>",
            "Subject: \(encodedWord(singleLine(mail.subject)))",
            "Message-ID: \(singleLine(mail.messageID))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + quotedPrintable(mail.text) + "\r\n").utf8)
    }

    static func singleLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }

    /// `Thu, 03 Dec 2026 12:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(value ?? 0, zeroPaddedTo: 2) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// ASCII as is; anything else as RFC 2047 `=?UTF-8?B?...?=` words of at most 75 characters.
    static func encodedWord(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // 45 bytes of UTF-8 become 60 base64 characters: with the 12 around them, under 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 2045 quoted-printable: lines of at most 76 characters, soft breaks with `=`, CRLF line ends.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            let bytes = Array(line.utf8)
            var output = ""
            var width = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                let piece = literal ? String(UnicodeScalar(byte)) : "=" + String(format: "%02X", byte)
                if width + piece.count > 75 {
                    output += "=\r\n"
                    width = 0
                }
                output += piece
                width += piece.count
            }
            return output
        }.joined(separator: "\r\n")
    }
}
