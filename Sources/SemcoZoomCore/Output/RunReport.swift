import Foundation

// RunOutcome (the sync engine's record of a run) → the report document and the files of
// the output folder. This is the one call the run pipeline makes:
// `OutputWriter.write(outcome, state: state, configuration: configuration, courseTitles: titles, to: outDir)`.

extension ZoomErrorReport {
    /// The error in the admin's words (the client's texts for the cases it names).
    public var text: LocalizedText {
        switch kind {
        case "api":
            return ZoomError.api(status: httpStatus ?? 400, code: code, message: message, fieldErrors: []).text
        case "authenticationFailed":
            return ZoomError.authenticationFailed(status: httpStatus ?? 401, reason: message).text
        case "missingScope":
            return ZoomError.missingScope(code: code ?? 4711, message: message).text
        case "dailyLimit":
            return LocalizedText(
                de: "Zoom-Tageslimit erreicht (\(message)); der Rest wird beim nächsten Lauf nachgeholt.",
                en: "Zoom daily limit reached (\(message)); the rest is done in a later run.")
        case "outcomeUnknown":
            return LocalizedText(
                de: "Keine Antwort von Zoom (\(message)); der nächste Lauf klärt, ob es angekommen ist.",
                en: "No answer from Zoom (\(message)); the next run finds out whether it arrived.")
        case "unavailable":
            return LocalizedText(
                de: "Zoom war nicht erreichbar (\(message)). Später erneut versuchen.",
                en: "Zoom could not be reached (\(message)). Try again later.")
        default:
            return LocalizedText(de: "Zoom-Fehler: \(message)", en: "Zoom error: \(message)")
        }
    }

    /// True when Zoom refused the person for a reason the portal's CSV import gets round
    /// (a denied address, an unknown refusal) — not for a bad address, the host's own address,
    /// a full or finished or missing meeting, or a failure to reach Zoom.
    var importMayHelp: Bool {
        guard kind == "api", let code else { return false }
        return !Self.importDoesNotHelp.contains(code)
    }

    /// Zoom's codes for a refusal the CSV import does not get round either.
    static let importDoesNotHelp: Set<Int> = [300, 1001, 124, 3001, 3027, 3038, 3043]
}

extension ReportAction.Kind {
    /// The report's name for `ActionDescription.kind` (`createMeeting` → `create_meeting`).
    public init(descriptionKind: String) {
        // Once per reported action: the names the run writes are looked up, not converted.
        self =
            Self.byDescriptionKind[descriptionKind]
            ?? ReportAction.Kind(rawValue: Self.snakeCased(descriptionKind)) ?? .other
    }

    /// `createMeeting` → `create_meeting`.
    static func snakeCased(_ name: String) -> String {
        var snake = ""
        for ch in name {
            if ch.isUppercase { snake += "_" + ch.lowercased() } else { snake.append(ch) }
        }
        return snake
    }

    /// Every kind by its camel-case name (`create_meeting` by `createMeeting`).
    private static let byDescriptionKind: [String: ReportAction.Kind] = {
        var table: [String: ReportAction.Kind] = [:]
        for kind in allCases {
            let parts = kind.rawValue.split(separator: "_")
            let camel =
                parts.first.map(String.init)!
                + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            table[camel] = kind
        }
        return table
    }()
}

extension ReportAction.Status {
    public init(_ result: ActionOutcome.Result) {
        switch result {
        case .planned: self = .planned
        case .applied: self = .applied
        case .failed: self = .failed
        case .deferred: self = .deferred
        case .skipped: self = .skipped
        }
    }
}

/// Looks up the names of the people a run's registrant actions concern.
struct ParticipantNames {
    var byCourse: [String: [String: ManagedRegistrant]]

    init(state: SyncState?) {
        byCourse = state?.courses.mapValues(\.registrants) ?? [:]
    }

    func registrant(course: CourseNumber, email: String?) -> ManagedRegistrant? {
        guard let email else { return nil }
        return byCourse[course.rawValue]?[email.lowercased()]
    }

    func name(course: CourseNumber, email: String?, description: ActionDescription?) -> String? {
        if let request = description?.registrant {
            let name = [request.firstName, request.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            if !name.isEmpty { return name }
        }
        let address = email ?? description?.registrantReference?.email
        guard let known = registrant(course: course, email: address) else { return nil }
        return [known.firstName, known.lastName].filter { !$0.isEmpty }.joined(separator: " ")
    }

    func importRow(course: CourseNumber, email: String?, description: ActionDescription?) -> ZoomImportRow? {
        if let request = description?.registrant {
            return ZoomImportRow(email: request.email, firstName: request.firstName, lastName: request.lastName ?? "")
        }
        let address = email ?? description?.registrantReference?.email
        guard let address else { return nil }
        if let known = registrant(course: course, email: address) {
            return ZoomImportRow(email: known.email, firstName: known.firstName, lastName: known.lastName)
        }
        return nil
    }
}

extension ReportAction {
    init(
        _ description: ActionDescription?, course: CourseNumber, booking: String?, participant: String?,
        status: Status, reason: String, meetingID: ZoomMeetingID?, error: ZoomErrorReport?, notBefore: Date?,
        note: String?, language: Language
    ) {
        var meeting = meetingID
        if meeting == nil, case .existing(let id)? = description?.meeting { meeting = id }
        let kind = description.map { Kind(descriptionKind: $0.kind) } ?? .other
        self.init(
            course: course.rawValue, booking: booking, participant: participant, kind: kind, status: status,
            reason: reason, meetingID: meeting, occurrenceStart: description?.occurrenceStart,
            newStartTime: kind == .moveOccurrence ? description?.startTime : nil,
            changedFields: kind == .updateMeeting ? description?.meetingRequest?.fieldNames : nil,
            zoomCode: error?.code, httpStatus: error?.httpStatus, error: error?.text.text(language),
            notBefore: notBefore, note: note)
    }
}

extension OutputWriter {
    /// Titles of the snapshot's courses, for the report.
    public static func courseTitles(_ snapshot: Snapshot?) -> [CourseNumber: String] {
        var titles: [CourseNumber: String] = [:]
        for course in snapshot?.courses ?? [] { titles[course.number] = course.title }
        return titles
    }

    /// The report inputs of a run. `state` is the state after the run (meeting ids, names).
    /// The assembler holds every row; the run's output stage reads them from `rows(of:…)` instead.
    public static func assembler(
        for outcome: RunOutcome, state: SyncState?, language: Language, timeZone: String,
        courseTitles: [CourseNumber: String]
    ) -> ReportAssembler {
        var assembler = assembler(
            for: outcome, state: state, language: language, timeZone: timeZone, courseTitles: courseTitles,
            actions: [])
        assembler.actions = rows(of: outcome, state: state, language: language).all
        return assembler
    }

    /// Where a report row comes from: an action of the run (or one person of a batch
    /// registration), work held back, or a hand-over, by its position in the outcome's lists
    /// taken one after the other. Eight bytes a row instead of the row itself.
    struct RowSource: Sendable {
        var position: Int32
        /// The person of a batch registration, or -1 for the whole action.
        var person: Int32
    }

    /// The report's rows of a run, made from the outcome each time one is read. They go in
    /// the report's order (course order, and the run's order within a course:
    /// ReportAssembler.inCourseOrder), so that assemble() finds them in order and no second
    /// copy of half a million rows is sorted or kept. Each action, deferred work or hand-over
    /// makes one row or more (a batch registration one per person), all of one course.
    public static func rows(of outcome: RunOutcome, state: SyncState?, language: Language) -> ReportRows {
        let actions = outcome.actions
        let deferred = outcome.deferred
        let handedToImport = outcome.handedToImport
        let mode = outcome.mode
        let ran = actions.count
        let held = deferred.count
        var courses: [String] = []
        courses.reserveCapacity(ran + held + handedToImport.count)
        for index in actions.indices { courses.append(actions[index].course.rawValue) }
        for index in deferred.indices { courses.append(deferred[index].course.rawValue) }
        for index in handedToImport.indices { courses.append(handedToImport[index].course.rawValue) }
        let order = ReportAssembler.courseOrder(courses) ?? Array(courses.indices)
        courses = []

        var sources: [RowSource] = []
        // At least one row per source (batches add more): no regrowing through half a million.
        sources.reserveCapacity(order.count)
        for position in order {
            let people: Int? =
                position < ran
                ? batchSize(actions[position].action)
                : position < ran + held ? deferred[position - ran].action.flatMap(batchSize) : nil
            if let people {
                for person in 0..<people { sources.append(RowSource(position: Int32(position), person: Int32(person))) }
            } else {
                sources.append(RowSource(position: Int32(position), person: -1))
            }
        }
        let names = ParticipantNames(state: state)
        let made = sources
        sources = []
        return ReportRows(
            count: made.count,
            row: { index in
                let source = made[index]
                let position = Int(source.position)
                let person = source.person >= 0 ? Int(source.person) : nil
                if position < ran {
                    return row(of: actions[position], person: person, names: names, language: language)
                } else if position < ran + held {
                    return row(of: deferred[position - ran], person: person, names: names, language: language)
                }
                return row(of: handedToImport[position - ran - held], mode: mode, language: language)
            },
            course: { index in
                let position = Int(made[index].position)
                if position < ran { return actions[position].course.rawValue }
                if position < ran + held { return deferred[position - ran].course.rawValue }
                return handedToImport[position - ran - held].course.rawValue
            })
    }

    /// The number of people of a batch registration (one row each), nil for any other action.
    private static func batchSize(_ description: ActionDescription) -> Int? {
        guard description.kind == "addRegistrants", let list = description.registrants else { return nil }
        return list.count
    }

    /// The report inputs of a run but its rows.
    static func assembler(
        for outcome: RunOutcome, state: SyncState?, language: Language, timeZone: String,
        courseTitles: [CourseNumber: String], actions: [ReportAction]
    ) -> ReportAssembler {
        var meetingIDs: [CourseNumber: ZoomMeetingID] = [:]
        for (key, course) in state?.courses ?? [:] {
            if let id = course.meetingID { meetingIDs[CourseNumber(key)] = id }
        }
        for index in outcome.actions.indices {
            guard let id = outcome.actions[index].meetingID else { continue }
            let course = outcome.actions[index].course
            if meetingIDs[course] == nil { meetingIDs[course] = id }
        }

        let massCancel = outcome.massCancel.flatMap { report -> ReportMassCancel? in
            guard report.tripped || !report.courses.isEmpty else { return nil }
            return ReportMassCancel(
                tripped: report.tripped, allowed: report.allowed, totalCancels: report.totalCancels,
                courses: report.courses.map {
                    .init(course: $0.course.rawValue, cancels: $0.cancels, registrants: $0.registrants)
                })
        }
        var assembler = ReportAssembler(
            runID: outcome.runID, mode: outcome.mode == .plan ? .plan : .sync, language: language, timeZone: timeZone,
            startedAt: outcome.startedAt, finishedAt: outcome.finishedAt ?? outcome.startedAt,
            exitCode: outcome.exitStatus.rawValue, inputFiles: outcome.inputFiles, courseTitles: courseTitles,
            meetingIDs: meetingIDs, actions: actions, diagnostics: outcome.diagnostics)
        assembler.fatal = outcome.fatal
        assembler.massCancel = massCancel
        assembler.inputMovedTo = outcome.inputMovedTo
        return assembler
    }

    /// The report's row for one action of the run; for a batch registration (one call, one
    /// registration per person), the row of its `person`-th person.
    private static func row(
        of action: borrowing ActionOutcome, person: Int?, names: ParticipantNames, language: Language
    ) -> ReportAction {
        let shown = RowSubject(action.action, person: person, booking: action.booking, email: action.email)
        return ReportAction(
            shown.description, course: action.course, booking: shown.booking,
            participant: names.name(course: action.course, email: shown.email, description: shown.description),
            status: ReportAction.Status(action.result), reason: action.reason.text(language),
            meetingID: action.meetingID,
            error: action.error, notBefore: action.notBefore, note: action.note?.text(language), language: language)
    }

    /// The report's row for work the plan held back; for a deferred batch registration, the
    /// row of its `person`-th person, as for an applied one.
    private static func row(
        of work: borrowing DeferredOutcome, person: Int?, names: ParticipantNames, language: Language
    ) -> ReportAction {
        let shown = RowSubject(work.action, person: person, booking: work.booking, email: nil)
        return ReportAction(
            shown.description, course: work.course, booking: shown.booking,
            participant: names.name(course: work.course, email: shown.email, description: shown.description),
            status: .deferred, reason: work.reason.text(language), meetingID: nil, error: nil,
            notBefore: work.notBefore, note: nil, language: language)
    }

    /// The report's row for a person handed to the Zoom import.
    private static func row(of handoff: ImportHandoff, mode: RunMode, language: Language) -> ReportAction {
        let name = [handoff.firstName, handoff.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        var row = ReportAction(
            nil, course: handoff.course,
            booking: handoff.bookings.isEmpty ? nil : handoff.bookings.joined(separator: ", "),
            participant: name.isEmpty ? nil : name, status: mode == .plan ? .planned : .applied,
            reason: handoff.why.text(language), meetingID: handoff.meetingID, error: handoff.error,
            notBefore: nil, note: nil, language: language)
        row.kind = .handToImport
        return row
    }

    /// Per course, the people Zoom would not take in this run: handed to import (a re-booking
    /// Zoom refused), refused adds and re-approvals, and adds or re-approvals deferred by a daily
    /// limit. Only courses whose meeting exists (there is nothing to import into otherwise).
    /// A `plan` run hands nothing over.
    public static func importBatches(for outcome: RunOutcome, state: SyncState?) -> [ZoomImportBatch] {
        guard outcome.mode == .sync else { return [] }
        let names = ParticipantNames(state: state)
        var rows: [CourseNumber: [ZoomImportRow]] = [:]
        var meetings: [CourseNumber: ZoomMeetingID] = [:]
        func meeting(_ course: CourseNumber, _ candidate: ZoomMeetingID?) {
            if let id = state?[course: course]?.meetingID ?? candidate, meetings[course] == nil {
                meetings[course] = id
            }
        }
        for handoff in outcome.handedToImport {
            rows[handoff.course, default: []].append(
                ZoomImportRow(email: handoff.email, firstName: handoff.firstName, lastName: handoff.lastName))
            meeting(handoff.course, handoff.meetingID)
        }
        let registrantKinds: Set = ["addRegistrant", "approveRegistrant"]
        // A batch registration that failed or was deferred: every person of it the state does not
        // hold as registered after the run.
        for action in outcome.actions where action.action.kind == "addRegistrants" {
            let refused = action.result == .failed && (action.error?.importMayHelp ?? true)
            guard refused || action.result == .deferred, let list = action.action.registrants else { continue }
            for person in list
            where names.registrant(course: action.course, email: person.request.email)?.status != .registered {
                rows[action.course, default: []].append(
                    ZoomImportRow(
                        email: person.request.email, firstName: person.request.firstName,
                        lastName: person.request.lastName ?? ""))
            }
            var candidate = action.meetingID
            if candidate == nil, case .existing(let id)? = action.action.meeting { candidate = id }
            meeting(action.course, candidate)
        }
        for action in outcome.actions where registrantKinds.contains(action.action.kind) {
            let refused = action.result == .failed && (action.error?.importMayHelp ?? false)
            guard refused || action.result == .deferred,
                let row = names.importRow(course: action.course, email: action.email, description: action.action)
            else { continue }
            rows[action.course, default: []].append(row)
            var candidate = action.meetingID
            if candidate == nil, case .existing(let id)? = action.action.meeting { candidate = id }
            meeting(action.course, candidate)
        }
        for work in outcome.deferred {
            if let description = work.action, description.kind == "addRegistrants", let list = description.registrants {
                rows[work.course, default: []] += list.map {
                    ZoomImportRow(
                        email: $0.request.email, firstName: $0.request.firstName, lastName: $0.request.lastName ?? "")
                }
                if case .existing(let id)? = description.meeting {
                    meeting(work.course, id)
                } else {
                    meeting(work.course, nil)
                }
                continue
            }
            guard let description = work.action, registrantKinds.contains(description.kind),
                let row = names.importRow(course: work.course, email: nil, description: description)
            else { continue }
            rows[work.course, default: []].append(row)
            var candidate: ZoomMeetingID?
            if case .existing(let id)? = description.meeting { candidate = id }
            meeting(work.course, candidate)
        }
        return rows.keys.sorted().compactMap { course in
            guard let id = meetings[course] else { return nil }
            return ZoomImportBatch(course: course, meetingID: id, rows: rows[course]!)
        }
    }

    /// Writes every output file of a finished run and returns its report. `state` is the
    /// state after the run (nil when the run stopped before it had one; `plan` passes it too,
    /// but the SEMCO write-back is only written by `sync`).
    @discardableResult
    public static func write(
        _ outcome: RunOutcome, state: SyncState?, configuration: Configuration,
        courseTitles: [CourseNumber: String], to outDir: URL
    ) throws -> ReportDocument {
        let assembler = assembler(
            for: outcome, state: state, language: configuration.language,
            timeZone: configuration.timeZone, courseTitles: courseTitles)
        return try write(
            assembler, state: outcome.mode == .sync ? state : nil,
            importBatches: importBatches(for: outcome, state: state),
            zoomImportHeader: configuration.zoomImportHeader, to: outDir)
    }

    /// The same files, the same bytes, with the report's actions read from `rows` (the run's:
    /// `rows(of:state:language:)`), each made as it is written: the run's output stage, which
    /// thus never holds a second copy of every action. The document returned has no actions
    /// (they are the rows).
    @discardableResult
    public static func write(
        _ outcome: RunOutcome, rows: ReportRows, state: SyncState?, configuration: Configuration,
        courseTitles: [CourseNumber: String], to outDir: URL
    ) throws -> ReportDocument {
        let assembler = assembler(
            for: outcome, state: state, language: configuration.language,
            timeZone: configuration.timeZone, courseTitles: courseTitles, actions: [])
        return try write(
            assembler, state: outcome.mode == .sync ? state : nil,
            importBatches: importBatches(for: outcome, state: state),
            zoomImportHeader: configuration.zoomImportHeader, to: outDir, rows: rows)
    }
}

/// What a report row describes: the action as it is, or, for the `person`-th person of a batch
/// registration, that person's single registration with their booking and address.
fileprivate struct RowSubject {
    var description: ActionDescription?
    var booking: String?
    var email: String?

    init(_ description: ActionDescription?, person: Int?, booking: String?, email: String?) {
        guard let person, var single = description, let list = single.registrants else {
            (self.description, self.booking, self.email) = (description, booking, email)
            return
        }
        let one = list[person]
        single.kind = "addRegistrant"
        single.registrant = one.request
        single.registrants = nil
        (self.description, self.booking, self.email) = (single, one.booking, one.request.email)
    }
}
