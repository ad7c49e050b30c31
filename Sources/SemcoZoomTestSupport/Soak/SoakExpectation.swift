import Foundation
import SemcoZoomCore
import ZoomSimulator

/// What Zoom must hold for one course after a night's sync, computed from the exported SEMCO
/// data with docs/sync-rules.md's rules — independently of the planner.
public enum SoakExpected: Sendable {
    /// The meeting exists once, its available occurrences are exactly `sessions` (the future
    /// ones), its topic is `topic`, and its approved registrants are `registrants` (lower-case).
    case meeting(sessions: [SoakSession], topic: String, registrants: Set<String>, hosts: Set<String>)
    /// No meeting of ours (storniert, never confirmed, not a Zoom course).
    case none(String)
    /// Left alone on purpose (beendet, every session over): anything goes.
    case leftAlone(String)
}

public enum SoakExpectation {
    static let registering: Set<String> = ["Bestätigte Buchung", "Laufender Kurs"]

    /// Zoom refuses addresses that are not plain ASCII mail addresses (the guide's umlaut case).
    static func acceptable(_ email: String) -> Bool {
        guard email.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    public static func expected(_ course: SoakCourse, bookings: [SoakBooking], now: Date, today: SoakDay)
        -> SoakExpected
    {
        if !course.zoomRoom { return .none("not a Zoom course") }
        switch course.status {
        case "storniert": return .none("storniert")
        case "geplant": return .none("geplant (never confirmed)")
        case "beendet": return .leftAlone("beendet")
        default: break
        }
        if course.endDay < today { return .leftAlone("ended") }
        let sessions = course.sessions
        guard let last = sessions.last, last.end > now else { return .leftAlone("every session over") }
        var registrants: Set<String> = []
        for booking in bookings where booking.course == course.number && registering.contains(booking.status) {
            let email = booking.email.trimmingCharacters(in: .whitespaces)
            if acceptable(email) && !course.hosts.contains(email.lowercased()) {
                registrants.insert(email.lowercased())
            }
        }
        let topic = course.title.count > 200 ? String(course.title.prefix(200)) : course.title
        return .meeting(
            sessions: sessions.filter { $0.start > now }, topic: topic, registrants: registrants, hosts: course.hosts)
    }
}

/// What a run's report excuses: work it lists as failed, deferred, skipped, handed to the Zoom
/// import CSV, or courses it could not observe / found deleted in Zoom.
struct SoakExcuses {
    var courses: [Int: String] = [:]
    var registrants: [Int: Set<String>] = [:]
    /// Courses whose approval of people Zoom left pending (webinars) the run lists as not done:
    /// their pending registrants are excused (the action names only its first booking).
    var pendingApprovals: Set<Int> = []
    var strictProblems: [String] = []

    static let courseCodes: Set<String> = [
        "zoom.meeting-deleted", "zoom.unavailable", "zoom.not-observed", "plan.deferred-budget",
        // A co-trainer's Zoom user could not be read (a fault): the alternative hosts wait.
        "plan.co-trainer-unchecked",
    ]
    static let registrantKinds: Set<ReportAction.Kind> = [
        .addRegistrant, .approveRegistrant, .approveAdded, .cancelRegistrant, .handToImport,
    ]

    /// From the run's report.json (the documented schema) and the Zoom import CSVs it names:
    /// the report names people by booking, the CSVs by address.
    /// `stateAddresses`: per course, the addresses the state file holds for each booking.
    init(
        _ report: ReportDocument, runFolder: URL, emailOfBooking: [String: String],
        stateAddresses: [Int: [String: Set<String>]] = [:]
    ) {
        for action in report.actions where action.status != .applied && action.status != .planned {
            guard let course = Int(action.course) else { continue }
            strictProblems.append(
                "\(action.status.rawValue) \(action.kind.rawValue) course \(course) \(action.booking ?? "")"
                    + (action.error.map { " – \(action.zoomCode.map(String.init) ?? "") \($0)" } ?? "")
                    + (action.status == .deferred ? " \(action.reason)" : ""))
            if action.kind == .approveAdded || action.kind == .addRegistrant { pendingApprovals.insert(course) }
            if Self.registrantKinds.contains(action.kind), let booking = action.booking,
                let email = emailOfBooking[booking] ?? stateAddresses[course]?[booking]?.first
            {
                registrants[course, default: []].insert(email.lowercased())
                // A cancel concerns the address the booking was registered under, which SEMCO may have changed since.
                if action.kind == .cancelRegistrant {
                    registrants[course, default: []].formUnion(stateAddresses[course]?[booking] ?? [])
                }
            } else {
                courses[course] = "\(action.status.rawValue) \(action.kind.rawValue)"
            }
        }
        for action in report.actions where action.kind == .handToImport {
            guard let course = Int(action.course), let email = action.booking.flatMap({ emailOfBooking[$0] }) else {
                continue
            }
            registrants[course, default: []].insert(email.lowercased())
        }
        for file in report.zoomImportFiles {
            guard let course = Int(file.course),
                let data = try? Data(contentsOf: runFolder.appendingPathComponent(file.path)),
                let csv = try? StrictCSV(data, delimiter: ",")
            else { continue }
            for row in [csv.header] + csv.rows where row.first?.contains("@") == true {
                registrants[course, default: []].insert(row[0].lowercased())
            }
        }
        for diagnostic in report.diagnostics where Self.courseCodes.contains(diagnostic.code) {
            guard let course = diagnostic.course.flatMap({ Int($0) }) else { continue }
            courses[course] = diagnostic.code
            // On a calm night nothing was deleted in Zoom: a meeting reported gone then is the tool's doing.
            strictProblems.append("\(diagnostic.code) course \(course)")
        }
    }
}

/// One meeting as the invariants look at it.
struct SoakMeetingView {
    var meeting: SimMeetingState
    var course: Int?

    static func courseNumber(agenda: String?) -> Int? {
        guard let agenda, agenda.hasPrefix("[SEMCO "), let close = agenda.firstIndex(of: "]") else { return nil }
        return Int(agenda[agenda.index(agenda.startIndex, offsetBy: 7)..<close])
    }

    /// Available occurrences still ahead, as (UTC start, minutes); a scheduled meeting is one.
    func futureOccurrences(after now: Date) -> [(Date, Int)] {
        if meeting.type == 8 || meeting.type == 9 {
            return meeting.occurrences.filter { $0.status == "available" && $0.startTime > now }
                .map { ($0.startTime, $0.duration) }.sorted { $0.0 < $1.0 }
        }
        guard let start = meeting.startTime, start > now else { return [] }
        return [(start, meeting.duration ?? 0)]
    }
}
