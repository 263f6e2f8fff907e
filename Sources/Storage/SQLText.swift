// SQLText: walking SQL text the way both engines read it, telling code from literals, quoted names and comments.

enum SQLText {
    /// Calls `visit` with each character and whether it is SQL code (not inside a literal, identifier or comment).
    static func scan(_ sql: String, _ visit: (Character, Bool) -> Void) {
        enum State { case code, single, double, line, block }
        var state = State.code
        var previous: Character = " "
        for character in sql {
            switch state {
            case .code:
                switch character {
                case "'": state = .single
                case "\"": state = .double
                case "-" where previous == "-": state = .line
                case "*" where previous == "/": state = .block
                default: break
                }
                // The opening quote or comment marker itself is not code; a first `-` or `/` was sent as code,
                // which is harmless since neither is `?` or `;`.
                visit(character, state == .code)
            case .single:
                visit(character, false)
                if character == "'" { state = .code }
            case .double:
                visit(character, false)
                if character == "\"" { state = .code }
            case .line:
                visit(character, false)
                if character == "\n" { state = .code }
            case .block:
                visit(character, false)
                if character == "/" && previous == "*" { state = .code }
            }
            // A doubled quote ('') closes and reopens the literal, which this state machine does by itself.
            previous = state == .block && character == "*" && previous == "/" ? " " : character
        }
    }
}
