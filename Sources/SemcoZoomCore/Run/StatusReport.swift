import Foundation

/// What `semco-zoom status` shows: what the state file manages and its open problems.
public struct StatusReport: Sendable, Codable, Equatable {
    public struct CourseEntry: Sendable, Codable, Equatable {
        public var number: CourseNumber
        public var phase: ManagedCourse.Phase
        public var host: String
        public var meetingID: ZoomMeetingID?
        public var joinURL: String?
        public var registered: Int
        public var cancelled: Int
        public var handedToImport: [String]
        public var pendingCreate: PendingCreate?
        public var goneSince: Date?
        public var sessions: Int
    }

    public var stateFile: String
    public var exists: Bool
    public var lineage: String?
    public var serial: Int?
    public var updatedAt: Date?
    /// A run holds the lock now.
    public var runInProgress: Bool
    public var courses: [CourseEntry]
    /// Open problems, one line each.
    public var problems: [LocalizedText]

    public init(stateFile: URL, loaded: LoadedState, runInProgress: Bool, courses filter: Set<CourseNumber> = []) {
        self.stateFile = stateFile.path
        exists = loaded.existed
        lineage = loaded.existed ? loaded.state.lineage : nil
        serial = loaded.existed ? loaded.state.serial : nil
        updatedAt = loaded.state.updatedAt
        self.runInProgress = runInProgress
        var problems: [LocalizedText] = []
        courses = loaded.state.courses.values
            .filter { filter.isEmpty || filter.contains($0.number) }
            .sorted { $0.number < $1.number }
            .map { course in
                let registrants = course.registrants.values
                let imports = registrants.filter { $0.status == .handedToImport }.map(\.email).sorted()
                if let pending = course.pendingCreate {
                    problems.append(LocalizedText(
                        de: "Kurs \(course.number): Anlegen des Meetings unterbrochen (seit \(Self.format(pending.recordedAt))); "
                            + "der nächste sync sucht es an der Markierung \(pending.marker).",
                        en: "Course \(course.number): creating the meeting was interrupted (since \(Self.format(pending.recordedAt))); "
                            + "the next sync looks for it by the marker \(pending.marker)."))
                }
                if let gone = course.goneSince {
                    problems.append(LocalizedText(
                        de: "Kurs \(course.number): Meeting \(course.meetingID.map(String.init) ?? "-") wurde in Zoom gelöscht "
                            + "(festgestellt \(Self.format(gone))); der nächste sync legt es neu an.",
                        en: "Course \(course.number): meeting \(course.meetingID.map(String.init) ?? "-") was deleted in Zoom "
                            + "(found \(Self.format(gone))); the next sync creates it again."))
                }
                if !imports.isEmpty {
                    problems.append(LocalizedText(
                        de: "Kurs \(course.number): \(imports.count) Teilnehmer nimmt Zoom nicht wieder auf; sie stehen in der Zoom-Import-CSV.",
                        en: "Course \(course.number): Zoom does not take \(imports.count) registrant(s) back; they are in the Zoom import CSV."))
                }
                return CourseEntry(
                    number: course.number, phase: course.phase, host: course.host, meetingID: course.meetingID, joinURL: course.joinURL,
                    registered: registrants.filter { $0.status == .registered }.count,
                    cancelled: registrants.filter { $0.status == .cancelled }.count,
                    handedToImport: imports, pendingCreate: course.pendingCreate, goneSince: course.goneSince,
                    sessions: course.lastSent?.sessions.count ?? 0)
            }
        self.problems = problems
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    public func text(_ language: Language) -> String {
        let de = language == .de
        var out = (de ? "Statusdatei: " : "State file: ") + stateFile + "\n"
        guard exists else {
            return out + (de ? "Noch keine Statusdatei: es wurde noch nichts synchronisiert.\n" : "No state file yet: nothing was synced so far.\n")
        }
        out += "lineage \(lineage ?? "-"), serial \(serial ?? 0)" + (updatedAt.map { ", " + (de ? "geschrieben " : "written ") + Self.format($0) } ?? "") + "\n"
        if runInProgress { out += de ? "Ein Lauf ist gerade aktiv (Sperre gehalten).\n" : "A run is in progress (lock held).\n" }
        out += "\n"
        let phases: [ManagedCourse.Phase: (String, String)] = [.active: ("aktiv", "active"), .closed: ("abgeschlossen", "closed"),
                                                               .deleted: ("gelöscht", "deleted")]
        for course in courses {
            let phase = phases[course.phase].map { de ? $0.0 : $0.1 } ?? course.phase.rawValue
            out += (de ? "Kurs " : "Course ") + "\(course.number)  \(phase)  "
            out += (de ? "Meeting " : "meeting ") + (course.meetingID.map(String.init) ?? "-") + "  "
            out += (de ? "Moderator " : "host ") + course.host + "  "
            out += de ? "\(course.registered) registriert, \(course.cancelled) storniert" : "\(course.registered) registered, \(course.cancelled) cancelled"
            if !course.handedToImport.isEmpty { out += de ? ", \(course.handedToImport.count) für Zoom-Import" : ", \(course.handedToImport.count) for Zoom import" }
            out += "\n"
        }
        if courses.isEmpty { out += de ? "Keine verwalteten Kurse.\n" : "No managed courses.\n" }
        if !problems.isEmpty {
            out += de ? "\nOffene Probleme:\n" : "\nOpen problems:\n"
            for problem in problems { out += "  - " + problem.text(language) + "\n" }
        }
        return out
    }
}
