import Foundation

/// Finds every admin-facing text written in the sources, with its language: the string literals
/// given to a parameter or label that names a language. That is how every text of the tool is
/// written (CONTRIBUTING notes in README.md, "What a run prints"):
///
/// - labelled: `LocalizedText(de: "…", en: "…")`, `make(…, de: "…", en: "…", hintDE: "…", hintEN: "…")`,
///   `detailDE = "…"`, `case .de: return "…"`;
/// - positional, through a helper declared with language-named parameters anywhere in the sources:
///   `func t(_ de: String, _ en: String)`, `func pick(_ german: String, _ english: String)`,
///   `func add(_ number: Int, _ noun: Noun, _ german: String, _ english: String)`.
///
/// Interpolations are kept as `⟨expression⟩`, so a check can see what a number in a text is.
/// A literal that is neither (a code, a key, a path) is not a text for people and is not returned.
struct AdminTextScanner {
    struct Text: CustomStringConvertible {
        var file: String
        var line: Int
        var language: String  // "de" or "en"
        var text: String
        var description: String { "\(file):\(line) [\(language)] \(text)" }
    }

    enum Token: Equatable {
        case identifier(String)
        case punctuation(String)
        case literal(String)
        case newline
    }

    /// A language named by a label or parameter, nil for any other name.
    static func language(ofLabel name: String) -> String? {
        let suffixed = name.count > 2 && name.dropLast(2).last?.isLowercase == true
        if ["de", "german", "deDone"].contains(name) || (suffixed && name.hasSuffix("DE")) { return "de" }
        if ["en", "english", "enDone"].contains(name) || (suffixed && name.hasSuffix("EN")) { return "en" }
        return nil
    }

    // MARK: Lexer

    /// The tokens of a Swift source with the line each starts on. Comments are dropped; a string
    /// literal's interpolations are kept as `⟨…⟩` in its text.
    static func tokens(_ source: String) -> [(token: Token, line: Int)] {
        let chars = Array(source)
        var index = 0
        var line = 1
        var result: [(Token, Int)] = []
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < chars.count ? chars[index + offset] : nil
        }
        while index < chars.count {
            let c = chars[index]
            if c == "\n" {
                result.append((.newline, line))
                line += 1
                index += 1
            } else if c == "/" && peek(1) == "/" {
                while index < chars.count && chars[index] != "\n" { index += 1 }
            } else if c == "/" && peek(1) == "*" {
                index += 2
                while index < chars.count && !(chars[index] == "*" && peek(1) == "/") {
                    if chars[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 2
            } else if c == "\"" || (c == "#" && (peek(1) == "\"" || peek(1) == "#")) {
                let start = line
                let text = literal(chars, &index, &line)
                result.append((.literal(text), start))
            } else if c.isLetter || c == "_" {
                var name = ""
                while index < chars.count && (chars[index].isLetter || chars[index].isNumber || chars[index] == "_") {
                    name.append(chars[index])
                    index += 1
                }
                result.append((.identifier(name), line))
            } else if c == " " || c == "\t" || c == "\r" {
                index += 1
            } else {
                // Operators of two characters that contain ':' or '=' are not labels.
                let two = String(chars[index..<min(index + 2, chars.count)])
                if ["==", "!=", "<=", ">=", "+=", "-=", "->", "??"].contains(two) {
                    result.append((.punctuation(two), line))
                    index += 2
                } else {
                    result.append((.punctuation(String(c)), line))
                    index += 1
                }
            }
        }
        return result
    }

    /// Reads a string literal starting at `index` (`"`, `"""`, `#"`, …), interpolations as `⟨…⟩`.
    static func literal(_ chars: [Character], _ index: inout Int, _ line: inout Int) -> String {
        var hashes = 0
        while chars[index] == "#" {
            hashes += 1
            index += 1
        }
        let multi = index + 2 < chars.count && chars[index + 1] == "\"" && chars[index + 2] == "\""
        index += multi ? 3 : 1
        let closing = String(repeating: "\"", count: multi ? 3 : 1) + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        var text = ""
        while index < chars.count {
            if String(chars[index..<min(index + closing.count, chars.count)]) == closing {
                index += closing.count
                break
            }
            if String(chars[index..<min(index + escape.count, chars.count)]) == escape {
                index += escape.count
                guard index < chars.count else { break }
                if chars[index] == "(" {
                    // An interpolation: up to its matching parenthesis (nested strings included).
                    var depth = 1
                    var expression = ""
                    index += 1
                    while index < chars.count && depth > 0 {
                        let c = chars[index]
                        if c == "\"" {
                            expression += "\"" + literal(chars, &index, &line) + "\""
                            continue
                        }
                        if c == "(" { depth += 1 }
                        if c == ")" { depth -= 1 }
                        if depth > 0 { expression.append(c) }
                        index += 1
                    }
                    text += "⟨\(expression)⟩"
                } else {
                    switch chars[index] {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    default: text.append(chars[index])
                    }
                    index += 1
                }
                continue
            }
            if chars[index] == "\n" {
                line += 1
                if !multi { break }
            }
            text.append(chars[index])
            index += 1
        }
        return text
    }

    // MARK: Helpers with language-named parameters

    /// Per helper name and number of arguments, the language of each argument position
    /// (nil: not a text), from every `func name(_ de: String, …)` in the sources.
    static func helpers(_ sources: [String]) -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        for source in sources {
            let tokens = tokens(source).map(\.token)
            var i = 0
            while i + 2 < tokens.count {
                guard tokens[i] == .identifier("func"), case .identifier(let name) = tokens[i + 1],
                    tokens[i + 2] == .punctuation("(")
                else {
                    i += 1
                    continue
                }
                // The parameters: `_ inner: Type`, split at the commas of the parameter list.
                var languages: [String?] = []
                var current: [Token] = []
                var depth = 0
                var j = i + 3
                func close() {
                    // `_ de: String` or `label de: String`: the internal name is the one before ':'.
                    if let colon = current.firstIndex(of: .punctuation(":")), colon > 0,
                        case .identifier(let inner) = current[colon - 1]
                    {
                        languages.append(language(ofLabel: inner))
                    } else {
                        languages.append(nil)
                    }
                    current = []
                }
                while j < tokens.count {
                    let token = tokens[j]
                    if token == .punctuation("(") || token == .punctuation("[") || token == .punctuation("<") {
                        depth += 1
                    }
                    if token == .punctuation(")") || token == .punctuation("]") || token == .punctuation(">") {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    if token == .punctuation(","), depth == 0 {
                        close()
                    } else if token != .newline {
                        current.append(token)
                    }
                    j += 1
                }
                if !current.isEmpty { close() }
                if languages.contains(where: { $0 != nil }), languages.count > 0 {
                    // Only positional text parameters count: `_ de: String`.
                    result["\(name)/\(languages.count)"] = languages
                }
                i = j
            }
        }
        return result
    }

    // MARK: Texts

    /// Every literal of `source` that a language label or a language parameter receives.
    static func texts(in source: String, file: String, helpers: [String: [String?]]) -> [Text] {
        let tokens = tokens(source)
        var found: [Text] = []
        // The open brackets; each knows the language it gives its content and, for a call of a
        // helper, the language of each argument position.
        struct Frame {
            var label: String?
            var labelDepthOwned = false
            var positional: [String?]?
            var argument = 0
        }
        var frames: [Frame] = [Frame()]
        var previousIdentifier: String?
        var index = 0
        // The number of top-level arguments of a call starting at `start` (the '(' token).
        func arity(from start: Int) -> Int {
            var depth = 0
            var commas = 0
            var empty = true
            var k = start + 1
            while k < tokens.count {
                let token = tokens[k].token
                if ["(", "[", "{"].map(Token.punctuation).contains(token) { depth += 1 }
                if [")", "]", "}"].map(Token.punctuation).contains(token) {
                    if depth == 0 { break }
                    depth -= 1
                }
                if token == .punctuation(","), depth == 0 { commas += 1 }
                if token != .newline { empty = false }
                k += 1
            }
            return empty ? 0 : commas + 1
        }
        func currentLanguage() -> String? {
            for frame in frames.reversed() {
                if let positional = frame.positional {
                    return frame.argument < positional.count ? positional[frame.argument] : nil
                }
                if let label = frame.label { return label }
                if frame.labelDepthOwned { return nil }
            }
            return nil
        }
        while index < tokens.count {
            let (token, line) = tokens[index]
            let next = index + 1 < tokens.count ? tokens[index + 1].token : nil
            switch token {
            case .identifier(let name):
                if next == .punctuation(":") || next == .punctuation("=") {
                    // A label, a parameter, an assignment or a `case`: it names the language of what follows.
                    frames[frames.count - 1].label = language(ofLabel: name)
                    frames[frames.count - 1].labelDepthOwned = true
                } else if ["let", "var", "return", "case", "guard", "if", "default"].contains(name) {
                    frames[frames.count - 1].label = nil
                    frames[frames.count - 1].labelDepthOwned = false
                }
                previousIdentifier = name
            case .punctuation(let p):
                if ["(", "[", "{"].contains(p) {
                    var frame = Frame()
                    if p == "(", let name = previousIdentifier,
                        let positional = helpers["\(name)/\(arity(from: index))"]
                    {
                        frame.positional = positional
                    }
                    frames.append(frame)
                } else if [")", "]", "}"].contains(p) {
                    if frames.count > 1 { frames.removeLast() }
                } else if p == ",", frames[frames.count - 1].positional != nil {
                    frames[frames.count - 1].argument += 1
                } else if p == "," {
                    frames[frames.count - 1].label = nil
                    frames[frames.count - 1].labelDepthOwned = false
                }
                if p != "." { previousIdentifier = nil }
            case .literal(let text):
                if let language = currentLanguage() {
                    found.append(Text(file: file, line: line, language: language, text: text))
                }
                previousIdentifier = nil
            case .newline:
                break
            }
            index += 1
        }
        return found
    }

    /// Every admin-facing text in the Swift files under `folders` (relative to `root`).
    static func texts(root: URL, folders: [String]) throws -> [Text] {
        var files: [(path: String, source: String)] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let path = folder + "/" + url.path.dropFirst(base.path.count + 1)
                files.append((path, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        let helpers = helpers(files.map(\.source))
        return files.flatMap { texts(in: $0.source, file: $0.path, helpers: helpers) }
    }
}
