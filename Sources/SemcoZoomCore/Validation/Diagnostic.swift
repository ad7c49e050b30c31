import Foundation

/// The language of messages for admins: German by default, English on request.
public enum Language: String, Sendable, Codable, CaseIterable {
    case de
    case en
}

/// A text in both languages. Every message an admin reads is one of these.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var de: String
    public var en: String

    public init(de: String, en: String) {
        self.de = de
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .de: return de
        case .en: return en
        }
    }
}

public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error
    case warning
    case info

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    /// Errors sort first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found anywhere in a run: in the input, the plan, or an answer from Zoom.
///
/// `code` is stable (scripts and the report schema rely on it), dotted and lower case,
/// e.g. `course.no-times`. The message says what is wrong; the hint says what to do.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var code: String
    public var severity: Severity
    public var course: CourseNumber?
    public var booking: String?
    public var message: LocalizedText
    public var hint: LocalizedText?
    /// Where in the input it comes from, when it comes from the input.
    public var source: SourceLocation?
}
