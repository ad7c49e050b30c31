import Foundation

/// A write the sync makes, as the simulator tells it apart on the wire.
public enum SimulatedWriteKind: String, Sendable, Codable, CaseIterable {
    /// `POST /users/{userId}/meetings` (or `/webinars`).
    case createMeeting = "create_meeting"
    /// `PATCH /meetings/{id}` without `occurrence_id`.
    case patchMeeting = "patch_meeting"
    /// `PATCH /meetings/{id}?occurrence_id=…`.
    case moveOccurrence = "move_occurrence"
    /// `DELETE /meetings/{id}?occurrence_id=…`.
    case deleteOccurrence = "delete_occurrence"
    /// `POST /meetings/{id}/registrants`.
    case addRegistrant = "add_registrant"
    /// `POST /meetings/{id}/batch_registrants`.
    case addRegistrants = "batch_add_registrants"
    /// `PUT /meetings/{id}/registrants/status` with `action: cancel`.
    case cancelRegistrant = "cancel_registrant"
    /// `PUT /meetings/{id}/registrants/status` with `action: approve`.
    case approveRegistrant = "approve_registrant"
    /// `DELETE /meetings/{id}` without `occurrence_id`.
    case deleteMeeting = "delete_meeting"
}

/// Which served writes a hook waits for: one of `kinds`, to the meeting of `course` (the
/// `[SEMCO <course>]` marker at the start of its agenda; nil: any meeting), the `ordinal`-th
/// such write that Zoom answered with success.
public struct ServedWriteMatch: Sendable, Hashable, CustomStringConvertible {
    public var kinds: Set<SimulatedWriteKind>
    public var course: Int?
    public var ordinal: Int

    public init(_ kinds: Set<SimulatedWriteKind>, course: Int? = nil, ordinal: Int = 1) {
        self.kinds = kinds
        self.course = course
        self.ordinal = max(1, ordinal)
    }

    public init(_ kind: SimulatedWriteKind, course: Int? = nil, ordinal: Int = 1) {
        self.init([kind], course: course, ordinal: ordinal)
    }

    public var description: String {
        let kinds = self.kinds.map(\.rawValue).sorted().joined(separator: "|")
        return "\(kinds) #\(ordinal)" + (course.map { " of course \($0)" } ?? "")
    }
}

/// A kill point: when the matching write has been served (Zoom's state changed, the answer not
/// yet sent), `action` runs (a test sends SIGKILL to the client), then the connection closes
/// without an answer. So the client can never have heard of the write: exactly the window
/// between "Zoom did it" and "the journal recorded it".
struct ServedWriteHook: Sendable {
    var match: ServedWriteMatch
    /// Matching writes still to let through before this one fires.
    var skip: Int
    var action: @Sendable () -> Void
}

/// What one request would write, told apart before it is served (a delete takes the agenda
/// with it).
struct ServedWrite: Sendable {
    var kind: SimulatedWriteKind
    var course: Int?

    /// The course number in an agenda's leading `[SEMCO <n>]` marker.
    static func course(agenda: String?) -> Int? {
        guard let agenda, agenda.hasPrefix("[SEMCO "), let end = agenda.firstIndex(of: "]") else { return nil }
        return Int(agenda[agenda.index(agenda.startIndex, offsetBy: 7)..<end])
    }
}

extension SimulatorEngine {
    /// The write `request` makes, if it is one of the sync's writes (under the lock).
    func servedWrite(_ request: HTTPRequest) -> ServedWrite? {
        guard request.path.hasPrefix("/v2/"), let route = Route(method: request.method, path: request.path) else {
            return nil
        }
        func meetingCourse(_ raw: String) -> Int? {
            guard let id = Int64(raw), let index = state.meetingIndex(id) else { return nil }
            return ServedWrite.course(agenda: state.meetings[index].agenda)
        }
        let occurrence = !(request.query["occurrence_id"] ?? "").isEmpty
        switch route.kind {
        case .createMeeting:
            let agenda = (try? JSONValue.parse(request.body))?["agenda"]?.stringValue
            return ServedWrite(kind: .createMeeting, course: ServedWrite.course(agenda: agenda))
        case .patchMeeting(let raw):
            return ServedWrite(kind: occurrence ? .moveOccurrence : .patchMeeting, course: meetingCourse(raw))
        case .deleteMeeting(let raw):
            return ServedWrite(kind: occurrence ? .deleteOccurrence : .deleteMeeting, course: meetingCourse(raw))
        case .addRegistrant(let raw):
            return ServedWrite(kind: .addRegistrant, course: meetingCourse(raw))
        case .batchRegistrants(let raw):
            return ServedWrite(kind: .addRegistrants, course: meetingCourse(raw))
        case .registrantStatus(let raw):
            switch (try? JSONValue.parse(request.body))?["action"]?.stringValue {
            case "cancel"?: return ServedWrite(kind: .cancelRegistrant, course: meetingCourse(raw))
            case "approve"?: return ServedWrite(kind: .approveRegistrant, course: meetingCourse(raw))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// After a successful write: the hook it fires, if any (under the lock; the hook is removed).
    func firedHook(for write: ServedWrite?, status: Int) -> ServedWriteHook? {
        guard let write, (200..<300).contains(status) else { return nil }
        for index in writeHooks.indices {
            let match = writeHooks[index].match
            guard match.kinds.contains(write.kind), match.course == nil || match.course == write.course else {
                continue
            }
            if writeHooks[index].skip > 0 {
                writeHooks[index].skip -= 1
                continue
            }
            return writeHooks.remove(at: index)
        }
        return nil
    }
}

extension ZoomSimulator {
    /// Runs `action` right after Zoom served the write `match` names, before its answer goes out;
    /// then the connection is closed without an answer. One shot.
    public func onServedWrite(_ match: ServedWriteMatch, run action: @escaping @Sendable () -> Void) async {
        engine.withLock {
            engine.writeHooks.append(ServedWriteHook(match: match, skip: match.ordinal - 1, action: action))
        }
    }

    public func clearWriteHooks() async { engine.withLock { engine.writeHooks.removeAll() } }
}
