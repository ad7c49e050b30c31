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
        /// Added but not yet approved in Zoom (a webinar whose approval a run did not get to).
        public var pending: Int = 0
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
    /// The last run's result, inbox and deferred work (from its report), when there is one.
    public var lastRun: LastRunSummary?

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
                    problems.append(
                        LocalizedText(
                            de:
                                "Kurs \(course.number): Anlegen des Meetings unterbrochen (seit \(Self.format(pending.recordedAt))); "
                                + "der nächste sync sucht es an der Markierung \(pending.marker).",
                            en:
                                "Course \(course.number): creating the meeting was interrupted (since \(Self.format(pending.recordedAt))); "
                                + "the next sync looks for it by the marker \(pending.marker)."))
                }
                if let gone = course.goneSince, course.phase == .active {
                    problems.append(
                        LocalizedText(
                            de:
                                "Kurs \(course.number): Meeting \(course.meetingID.map(String.init) ?? "-") wurde in Zoom gelöscht "
                                + "(festgestellt \(Self.format(gone))) und wartet auf Bestätigung: fehlt es beim nächsten sync noch, "
                                + "legt er es neu an (sofort: sync --recreate-deleted).",
                            en:
                                "Course \(course.number): meeting \(course.meetingID.map(String.init) ?? "-") was deleted in Zoom "
                                + "(found \(Self.format(gone))) and awaits confirmation: if it is still missing at the next sync, that "
                                + "sync creates it again (at once: sync --recreate-deleted)."))
                }
                if !imports.isEmpty && course.phase == .active {
                    let de = RunTexts(language: .de).count(imports.count, .registrant)
                    let en = RunTexts(language: .en).count(imports.count, .registrant)
                    problems.append(
                        LocalizedText(
                            de:
                                "Kurs \(course.number): \(de) an die Zoom-Import-CSV übergeben (Zoom nimmt sie über die Schnittstelle "
                                + "nicht wieder auf): \(imports.joined(separator: ", ")).",
                            en:
                                "Course \(course.number): \(en) handed to the Zoom import CSV (Zoom does not take them back through "
                                + "the API): \(imports.joined(separator: ", "))."))
                }
                return CourseEntry(
                    number: course.number, phase: course.phase, host: course.host, meetingID: course.meetingID,
                    joinURL: course.joinURL,
                    registered: registrants.filter { $0.status == .registered }.count,
                    pending: registrants.filter { $0.status == .pending }.count,
                    cancelled: registrants.filter { $0.status == .cancelled }.count,
                    handedToImport: imports, pendingCreate: course.pendingCreate, goneSince: course.goneSince,
                    sessions: course.lastSent?.sessions.count ?? 0)
            }
        self.problems = problems
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    public func text(_ language: Language) -> String {
        let texts = RunTexts(language: language)
        var out = texts.statusStateFile(stateFile) + "\n"
        guard exists else { return out + texts.statusNoStateFile + "\n" }
        out +=
            texts.statusVersion(
                written: updatedAt.map { Self.format($0) } ?? "-", serial: serial ?? 0, lineage: lineage ?? "-") + "\n"
        if runInProgress { out += texts.statusRunInProgress + "\n" }
        out += "\n"
        for course in courses { out += texts.statusCourseLine(course) + "\n" }
        if courses.isEmpty { out += texts.statusNoCourses + "\n" }
        if !problems.isEmpty {
            out += "\n" + texts.statusOpenProblems + "\n"
            for problem in problems { out += "  - " + problem.text(language) + "\n" }
        }
        if let lastRun { out += lastRun.text(texts, format: Self.format) }
        return out
    }
}
