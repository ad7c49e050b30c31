import Foundation

/// A field-level validation message in a Zoom error body (`errors[{field, message}]`).
public struct ZoomFieldError: Hashable, Sendable, Codable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every way a call to Zoom can end without the answer the caller wanted.
///
/// The distinctions matter: an API failure is never a deletion, an ambiguous create is
/// never repeated blindly, and a daily limit defers work instead of failing it.
public enum ZoomError: Error, Hashable, Sendable {
    /// Zoom answered with an error body. Branch on `code`, never on `message`.
    case api(status: Int, code: Int?, message: String, fieldErrors: [ZoomFieldError])
    /// The token endpoint refused the credentials (wrong account id, client id or secret).
    case authenticationFailed(status: Int, reason: String)
    /// The app lacks a scope the call needs (codes 4700, 4711).
    case missingScope(code: Int, message: String)
    /// A daily limit (per host, per registrant, per label) is reached until `until`.
    case dailyLimit(until: Date?, category: String?, limitType: String?)
    /// A request that creates something was sent but no answer came back: it may or may not
    /// have been created. Never repeated blindly; the caller resolves it (agenda marker).
    case outcomeUnknown(method: String, path: String, reason: String)
    /// No answer after the bounded retries (timeouts, connection errors, 5xx).
    case unavailable(method: String, path: String, attempts: Int, reason: String)
    /// The answer could not be understood (malformed JSON, missing fields).
    case invalidResponse(method: String, path: String, reason: String)
    /// The configuration lacks something the client needs (credentials, URLs).
    case notConfigured(String)

    /// Zoom code, when Zoom gave one.
    public var code: Int? {
        switch self {
        case .api(_, let code, _, _): return code
        case .missingScope(let code, _): return code
        case .dailyLimit: return 429
        default: return nil
        }
    }

    public var httpStatus: Int? {
        switch self {
        case .api(let status, _, _, _): return status
        case .authenticationFailed(let status, _): return status
        case .dailyLimit: return 429
        default: return nil
        }
    }

    /// True only for Zoom's own statement that the meeting does not exist (404 / 3001):
    /// the one answer that may be read as "deleted in Zoom".
    public var isMeetingGone: Bool {
        if case .api(404, 3001, _, _) = self { return true }
        return false
    }

    /// True for the user-does-not-exist answer (404 / 1001).
    public var isUserMissing: Bool {
        if case .api(404, 1001, _, _) = self { return true }
        return false
    }

    /// True when Zoom refused the request for what it asks (a 4xx answer): asked again, it would
    /// be refused again. Not a refusal: an expired or refused token (401, code 124) that the
    /// renewal did not cure, a meeting or user not found (404), a rate limit (429): those say
    /// nothing about the person, so the next run asks again.
    public var isRefusal: Bool {
        guard case .api(let status, let code, _, _) = self else { return false }
        return (400..<500).contains(status) && ![401, 404, 429].contains(status) && code != 124
    }
}
