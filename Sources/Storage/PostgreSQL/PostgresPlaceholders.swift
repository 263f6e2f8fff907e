// PostgresPlaceholders: the stores' `?` parameters as PostgreSQL's `$1`, `$2`, ... and the read-only guard.

/// Rewrites SQL written for both engines into PostgreSQL's parameter syntax. A `?` inside a string literal
/// (`'...'`), a quoted identifier (`"..."`) or a comment stays as it is.
enum PostgresPlaceholders {
    /// `sql` with each `?` parameter numbered in order, and how many there were.
    static func numbered(_ sql: String) -> (text: String, count: Int) {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 8)
        var count = 0
        SQLText.scan(sql) { character, isCode in
            if isCode && character == "?" {
                count += 1
                output += "$\(count)"
            } else {
                output.append(character)
            }
        }
        return (output, count)
    }

    /// Whether `sql` is one plain `SELECT` (first word, outside comments), with no `;` in its code: what a read may
    /// run. A `WITH` is refused too, since a CTE may hold a data-modifying statement.
    static func isPlainSelect(_ sql: String) -> Bool {
        var code = ""
        var semicolon = false
        SQLText.scan(sql) { character, isCode in
            guard isCode else { return }
            if character == ";" { semicolon = true }
            // Leading blanks, and the first character of a comment marker, come before the first word.
            if code.isEmpty && (character.isWhitespace || character == "-" || character == "/") { return }
            if code.count < 7 { code.append(character) }
        }
        let word = code.uppercased()
        return !semicolon && word.hasPrefix("SELECT") && (word.count == 6 || !(word.last!.isLetter || word.last!.isNumber || word.last == "_"))
    }
}
