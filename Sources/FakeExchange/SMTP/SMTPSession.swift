// SMTPSession: one SMTP conversation (RFC 5321) as a state machine over lines: what the fake answers each command,
// and the message it collects. No sockets here, so every reply is unit-testable.
import Foundation

/// What a session asks of the mail system behind it.
protocol SMTPMailDrop: Sendable {
    /// Whether `address` names a mailbox (primary address, alias or UPN).
    func acceptsRecipient(_ address: String) -> Bool
    /// Whether `user` / `password` are a directory account's credentials.
    func authenticates(user: String, password: String) -> Bool
    /// Delivers the message `data` (CRLF lines, dot-stuffing undone) to each recipient; returns its Message-ID.
    func deliver(from sender: String, to recipients: [String], data: [UInt8]) -> String
}

/// One client's conversation. Feed it each line without its CRLF; send back what it returns.
struct SMTPSession {
    /// Largest message accepted, advertised as SIZE.
    static let maxMessageBytes = 10 * 1024 * 1024
    /// Bad commands tolerated before the session is closed.
    static let maxErrors = 20

    /// What to send back, and whether to close the connection after it.
    struct Answer: Equatable {
        var lines: [String]
        var close = false
    }

    private enum Phase {
        case command
        case data
        case authPlain
        case authLoginUser
        case authLoginPassword(user: String)
    }

    private let drop: any SMTPMailDrop
    private var phase = Phase.command
    private var greeted = false
    private var sender: String?
    private var recipients: [String] = []
    private var message: [UInt8] = []
    private var tooLarge = false
    private var errors = 0

    init(drop: any SMTPMailDrop) {
        self.drop = drop
    }

    static let greeting = "220 fake-exchange Microsoft ESMTP MAIL Service ready"
    static let unavailable = "421 4.3.2 Service not available, closing transmission channel"

    mutating func receive(_ line: [UInt8]) -> Answer {
        switch phase {
        case .data:
            return receiveData(line)
        case .authPlain:
            phase = .command
            return finishPlain(String(decoding: line, as: UTF8.self))
        case .authLoginUser:
            guard let user = Self.base64Text(String(decoding: line, as: UTF8.self)) else { return fail("501 5.5.2 Cannot decode the user name") }
            phase = .authLoginPassword(user: user)
            return Answer(lines: ["334 UGFzc3dvcmQ6"])
        case .authLoginPassword(let user):
            phase = .command
            guard let password = Self.base64Text(String(decoding: line, as: UTF8.self)) else { return fail("501 5.5.2 Cannot decode the password") }
            return authenticate(user: user, password: password)
        case .command:
            return command(String(decoding: line, as: UTF8.self))
        }
    }

    private mutating func command(_ line: String) -> Answer {
        let verb = line.prefix { $0 != " " }.uppercased()
        let argument = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        switch verb {
        case "EHLO":
            greeted = true
            resetTransaction()
            return Answer(lines: ["250-fake-exchange Hello [\(argument)]", "250-SIZE \(Self.maxMessageBytes)", "250-8BITMIME",
                                  "250-AUTH PLAIN LOGIN", "250 ENHANCEDSTATUSCODES"])
        case "HELO":
            greeted = true
            resetTransaction()
            return Answer(lines: ["250 fake-exchange Hello [\(argument)]"])
        case "MAIL":
            guard greeted else { return fail("503 5.5.2 Send hello first") }
            guard sender == nil else { return fail("503 5.5.2 Sender already specified") }
            guard let address = Self.path(argument, keyword: "FROM:") else { return fail("501 5.5.4 Invalid address") }
            sender = address
            return Answer(lines: ["250 2.1.0 Sender OK"])
        case "RCPT":
            guard sender != nil else { return fail("503 5.5.1 Need mail command") }
            guard let address = Self.path(argument, keyword: "TO:"), !address.isEmpty else { return fail("501 5.5.4 Invalid address") }
            guard drop.acceptsRecipient(address) else {
                return fail("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient \(address) not found by SMTP address lookup")
            }
            recipients.append(address)
            return Answer(lines: ["250 2.1.5 Recipient OK"])
        case "DATA":
            guard !recipients.isEmpty else { return fail("503 5.5.1 Need rcpt command") }
            phase = .data
            message = []
            tooLarge = false
            return Answer(lines: ["354 Start mail input; end with <CRLF>.<CRLF>"])
        case "AUTH":
            let parts = argument.split(separator: " ")
            switch parts.first?.uppercased() {
            case "PLAIN" where parts.count > 1: return finishPlain(String(parts[1]))
            case "PLAIN":
                phase = .authPlain
                return Answer(lines: ["334 "])
            case "LOGIN":
                phase = .authLoginUser
                return Answer(lines: ["334 VXNlcm5hbWU6"])
            default:
                return fail("504 5.7.4 Unrecognized authentication type")
            }
        case "RSET":
            resetTransaction()
            return Answer(lines: ["250 2.0.0 Resetting"])
        case "NOOP":
            return Answer(lines: ["250 2.0.0 OK"])
        case "QUIT":
            return Answer(lines: ["221 2.0.0 Service closing transmission channel"], close: true)
        case "VRFY":
            return Answer(lines: ["252 2.1.5 Cannot VRFY user"])
        default:
            return fail("500 5.3.3 Unrecognized command")
        }
    }

    private mutating func receiveData(_ line: [UInt8]) -> Answer {
        if line == [UInt8(ascii: ".")] {
            phase = .command
            defer { resetTransaction() }
            if tooLarge { return Answer(lines: ["552 5.3.4 Message size exceeds fixed maximum message size"]) }
            let id = drop.deliver(from: sender ?? "", to: recipients, data: message)
            return Answer(lines: ["250 2.6.0 \(id) Queued mail for delivery"])
        }
        // A leading dot was doubled by the client (RFC 5321, section 4.5.2).
        let content = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
        if message.count + content.count + 2 > Self.maxMessageBytes {
            tooLarge = true
            message = []
        } else if !tooLarge {
            message += content
            message += [13, 10]
        }
        return Answer(lines: [])
    }

    private mutating func finishPlain(_ encoded: String) -> Answer {
        // authzid NUL authcid NUL password (RFC 4616).
        guard let data = Data(base64Encoded: encoded) else { return fail("501 5.5.2 Cannot decode the credentials") }
        let parts = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 3 else { return fail("501 5.5.2 Malformed PLAIN credentials") }
        return authenticate(user: parts[1], password: parts[2])
    }

    private mutating func authenticate(user: String, password: String) -> Answer {
        guard drop.authenticates(user: user, password: password) else { return fail("535 5.7.3 Authentication unsuccessful") }
        return Answer(lines: ["235 2.7.0 Authentication successful"])
    }

    private mutating func fail(_ line: String) -> Answer {
        errors += 1
        guard errors <= Self.maxErrors else { return Answer(lines: ["421 4.7.0 Too many errors on this connection, closing transmission channel"], close: true) }
        return Answer(lines: [line])
    }

    private mutating func resetTransaction() {
        sender = nil
        recipients = []
        message = []
    }

    /// The address of `FROM:<a@b> SIZE=1` (keyword case-insensitive, brackets optional); "" for the null path `<>`.
    static func path(_ argument: String, keyword: String) -> String? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("<") {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        return rest.split(separator: " ").first.map(String.init)
    }

    static func base64Text(_ text: String) -> String? {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)).map { String(decoding: $0, as: UTF8.self) }
    }
}
