import Foundation

/// A behaviour of Zoom the sync relies on, as docs/SIMULATOR.md states it; `doctor --live`
/// names the one each step checks. Ids are stable: docs/SIMULATOR.md's table "Checked against
/// the real Zoom" uses them.
public struct ProbeAssumption: Sendable, Hashable {
    public var id: String
    /// Where docs/SIMULATOR.md has it, and how sure it is ([H], [M], [S]).
    public var source: String

    public static let oauthInvalidAccount = Self(
        id: "oauth-invalid-account", source: "OAuth: wrong account id answers 400 invalid_request [S]")
    public static let tokenAnswer = Self(
        id: "token-answer", source: "OAuth: access_token, token_type bearer, expires_in, scope [H]")
    public static let tokenOldStaysValid = Self(
        id: "token-old-stays-valid", source: "OAuth: a new token does not invalidate older ones [S]")
    public static let userLicence = Self(id: "user-licence", source: "Users: type 1 basic, 2 licensed [H]")
    public static let webinarLicence = Self(
        id: "webinar-licence", source: "Users: GET /users/{userId}/settings feature.webinar [H]")
    public static let settingsEcho = Self(
        id: "settings-echo", source: "Meetings: settings are stored as sent and echoed back [S]")
    public static let occurrencesWallClock = Self(
        id: "occurrences-wall-clock",
        source: "Recurrence: local wall-clock time kept across DST, weekly arithmetic [H behaviour, S week arithmetic]")
    public static let meetingIDs = Self(
        id: "meeting-ids", source: "Meetings: int64 ids; occurrence_id = epoch ms of the original start, a string [H/S]"
    )
    public static let meetingList = Self(
        id: "meeting-list",
        source:
            "Meetings: GET /users/{userId}/meetings lists one entry per recurring meeting with agenda (cut to 250) [H/S]"
    )
    public static let occurrencePatch = Self(
        id: "occurrence-patch",
        source: "Recurrence: PATCH ?occurrence_id= moves that occurrence only, its id unchanged [S]")
    public static let occurrenceDelete = Self(
        id: "occurrence-delete", source: "Recurrence: DELETE ?occurrence_id= marks it deleted [H]")
    public static let occurrencePatchDeleted = Self(
        id: "occurrence-patch-deleted", source: "Recurrence: PATCH of a deleted occurrence answers 400, code 300 [S]")
    public static let seriesPatchKeeps = Self(
        id: "series-patch-keeps-occurrences",
        source: "Recurrence: PATCH of topic/agenda/settings keeps moved and deleted occurrences [S]")
    public static let seriesPatchRecomputes = Self(
        id: "series-patch-recomputes",
        source:
            "Recurrence: PATCH of duration/start/recurrence recomputes all occurrences, discarding per-occurrence edits [S]"
    )
    public static let registrantAdd = Self(
        id: "registrant-add",
        source: "Registrants: approval 1 + auto_approve → approved; join_url absent from the add answer [H]")
    public static let registrantLists = Self(
        id: "registrant-lists", source: "Registrants: lists by status with a personal join_url [H]")
    public static let pageTokenInvalid = Self(
        id: "page-token-invalid",
        source: "Paging: an invalid or expired next_page_token answers 400, code 300 [H expiry, S code]")
    public static let cancelToDenied = Self(
        id: "cancel-to-denied", source: "Registrants: cancel turns approved into denied [H/M]")
    public static let readdDenied = Self(
        id: "readd-denied",
        source: "Registrants: re-adding a denied (cancelled) address is refused with 400, code 3000 [M refused, S code]"
    )
    public static let approveDenied = Self(
        id: "approve-denied", source: "Registrants: approve brings a denied registrant back [H/M]")
    public static let readdActive = Self(
        id: "readd-active",
        source:
            "Registrants: re-adding an active address (any letter case) returns the existing registration [M, S case]")
    public static let batchRegistration = Self(
        id: "batch-registration",
        source:
            "Batch registration: type 2, answer registrants[{email, registrant_id, join_url}], join_url for approved [H shape, S join_url]"
    )
    public static let deleteWithoutReminder = Self(
        id: "delete-without-reminder", source: "Meetings: DELETE with cancel_meeting_reminder=false answers 204 [H/S]")
    public static let deletedMeetingGone = Self(
        id: "deleted-meeting-gone", source: "Errors: a deleted meeting answers 404, code 3001 [H]")
    public static let rateLimitHeaders = Self(
        id: "rate-limit-headers",
        source:
            "Rate limits: X-RateLimit-Category/-Type/-Limit/-Remaining, labels Light/Medium/Heavy [H labels, M headers]"
    )

    /// Every assumption a step checks (docs/SIMULATOR.md lists each with its step).
    public static let all: [ProbeAssumption] = [
        oauthInvalidAccount, tokenAnswer, tokenOldStaysValid, userLicence, webinarLicence, settingsEcho,
        occurrencesWallClock,
        meetingIDs, meetingList, occurrencePatch, occurrenceDelete, occurrencePatchDeleted, seriesPatchKeeps,
        seriesPatchRecomputes,
        registrantAdd, registrantLists, pageTokenInvalid, cancelToDenied, readdDenied, approveDenied, readdActive,
        batchRegistration, deleteWithoutReminder, deletedMeetingGone, rateLimitHeaders,
    ]
}

/// One field the sync relies on: what it expects and what Zoom answered.
public struct ProbeComparison: Sendable, Equatable {
    public var field: String
    public var expected: String
    public var actual: String
    public var agrees: Bool
    /// The assumption this field checks, when the step checks several.
    public var assumption: ProbeAssumption?

    public init(
        _ field: String, expected: String, actual: String, agrees: Bool? = nil, assumption: ProbeAssumption? = nil
    ) {
        self.field = field
        self.expected = expected
        self.actual = actual
        self.agrees = agrees ?? (expected == actual)
        self.assumption = assumption
    }
}

/// One call of a step, redacted: no token, no secret, no e-mail address.
public struct ProbeCallRecord: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: String?
    /// The JSON body sent, with every e-mail address replaced by `{email}`.
    public var sent: String?
    /// nil: no answer.
    public var status: Int?
    public var code: Int?
    /// Zoom's message of an error answer (addresses replaced).
    public var message: String?
}

/// The result of one step of `doctor --live`.
public struct ProbeStepResult: Sendable {
    public enum Outcome: String, Sendable {
        case ok
        case mismatch
        case error

        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.ok, _): return "OK"
            case (.mismatch, .de): return "ABWEICHUNG"
            case (.mismatch, .en): return "MISMATCH"
            case (.error, .de): return "FEHLER"
            case (.error, .en): return "ERROR"
            }
        }
    }

    public var id: String
    public var summary: LocalizedText
    /// What the sync relies on here, in words.
    public var expects: LocalizedText
    public var assumptions: [ProbeAssumption]
    public var outcome: Outcome
    public var comparisons: [ProbeComparison]
    public var calls: [ProbeCallRecord]
    /// Why the step could not finish (error), or what else is worth knowing.
    public var detail: LocalizedText?

    public var agrees: Bool { outcome == .ok }

    /// The assumptions the disagreeing fields check (all of the step's when no field names one).
    public var disagreeingAssumptions: [ProbeAssumption] {
        var named: [ProbeAssumption] = []
        for comparison in comparisons where !comparison.agrees {
            if let assumption = comparison.assumption, !named.contains(assumption) { named.append(assumption) }
        }
        return named.isEmpty ? assumptions : named
    }

    /// `ABWEICHUNG  readd-denied: summary – field: erwartet x, Zoom y (Annahme readd-denied)` on one line.
    public func line(_ language: Language) -> String {
        let label = outcome.label(language).padding(toLength: 12, withPad: " ", startingAt: 0)
        var text = label + id + ": " + summary.text(language)
        let disagreeing = comparisons.filter { !$0.agrees }
        if !disagreeing.isEmpty {
            text += language == .de ? " – " : " — "
            text += disagreeing.map {
                language == .de
                    ? "\($0.field): erwartet \($0.expected), Zoom \($0.actual)"
                    : "\($0.field): expected \($0.expected), Zoom \($0.actual)"
            }.joined(separator: "; ")
        }
        if let detail { text += " (" + detail.text(language) + ")" }
        if outcome != .ok, !assumptions.isEmpty {
            let ids = disagreeingAssumptions.map(\.id).joined(separator: ", ")
            text += language == .de ? " [Annahme \(ids), docs/SIMULATOR.md]" : " [assumption \(ids), docs/SIMULATOR.md]"
        }
        return LiveProbeRedaction.text(text.replacingOccurrences(of: "\n", with: " "))
    }
}

/// Removes what must never leave the probe: e-mail addresses (host, probe addresses),
/// tokens in join links.
enum LiveProbeRedaction {
    /// Every e-mail address in `text` as `{email}`.
    static func text(_ text: String) -> String {
        guard text.contains("@") else { return text }
        var result = ""
        var word = ""
        func flush() {
            result += word.contains("@") && word.count > 2 ? "{email}" + trailing(word) : word
            word = ""
        }
        for character in text {
            if character.isWhitespace || character == "\"" || character == "," || character == ";" || character == "("
                || character == ")"
                || character == "[" || character == "]" || character == "<" || character == ">" || character == "/"
                || character == "="
            {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    /// Punctuation after an address (`a@b.de.` at a sentence's end) stays.
    private static func trailing(_ word: String) -> String {
        var tail = ""
        for character in word.reversed() {
            guard character == "." || character == ":" || character == "!" || character == "?" else { break }
            tail.insert(character, at: tail.startIndex)
        }
        return tail
    }

    /// A request body as sent, with addresses replaced; nil when there is none.
    static func body(_ data: Data?) -> String? {
        guard let data, !data.isEmpty else { return nil }
        return text(String(decoding: data, as: UTF8.self))
    }

    /// The call record of an exchange: path with `{userId}` for an address, no token, no secrets.
    static func record(_ exchange: ProbeExchange) -> ProbeCallRecord {
        let (code, message) = exchange.zoomError
        var query = URLComponents(url: exchange.url, resolvingAgainstBaseURL: false)?.percentEncodedQuery
        if exchange.isTokenCall { query = "grant_type=account_credentials&account_id={account}" }
        return ProbeCallRecord(
            method: exchange.method, path: APICallRecord.redactedPath(exchange.url.path),
            query: query.map(text), sent: exchange.isTokenCall ? nil : body(exchange.requestBody),
            status: exchange.status, code: code, message: message.map(text))
    }
}

/// `zoom-contract.json`: the probe's findings for the team (docs/SIMULATOR.md names the assumptions).
public struct ProbeContract: Sendable {
    public var probeID: String
    public var startedAt: Date
    public var finishedAt: Date
    public var apiURL: String
    public var kind: String
    public var timeZone: String
    public var steps: [ProbeStepResult]
    public var cleanup: [LocalizedText]
    public var interrupted: String?

    public var allAgree: Bool { interrupted == nil && steps.allSatisfy(\.agrees) }

    public func json() -> Data {
        func time(_ date: Date) -> String { UTCTimestamp.text(date) }
        let object: [String: Any] = [
            "format": 1,
            "probe": probeID,
            "started_at": time(startedAt),
            "finished_at": time(finishedAt),
            "api_url": apiURL,
            "kind": kind,
            "time_zone": timeZone,
            "all_agree": allAgree,
            "interrupted": interrupted as Any? ?? NSNull(),
            "assumptions_document": "docs/SIMULATOR.md",
            "cleanup": cleanup.map(\.en).map(LiveProbeRedaction.text),
            "steps": steps.map { step -> [String: Any] in
                [
                    "id": step.id,
                    "result": step.outcome.rawValue,
                    "agree": step.agrees,
                    "summary": LiveProbeRedaction.text(step.summary.en),
                    "sync_expects": LiveProbeRedaction.text(step.expects.en),
                    "assumptions": step.assumptions.map { ["id": $0.id, "source": $0.source] },
                    "detail": step.detail.map { LiveProbeRedaction.text($0.en) } as Any? ?? NSNull(),
                    "calls": step.calls.map { call -> [String: Any] in
                        var entry: [String: Any] = [
                            "method": call.method, "path": call.path,
                            "status": call.status as Any? ?? NSNull(), "code": call.code as Any? ?? NSNull(),
                        ]
                        if let query = call.query { entry["query"] = query }
                        if let sent = call.sent {
                            entry["sent"] = (try? JSONSerialization.jsonObject(with: Data(sent.utf8))) ?? sent
                        }
                        if let message = call.message { entry["message"] = message }
                        return entry
                    },
                    "compared": step.comparisons.map {
                        [
                            "field": $0.field, "expected": LiveProbeRedaction.text($0.expected),
                            "answered": LiveProbeRedaction.text($0.actual), "agree": $0.agrees,
                            "assumption": ($0.assumption ?? step.assumptions.first)?.id as Any? ?? NSNull(),
                        ]
                    },
                ]
            },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))
            ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }
}
