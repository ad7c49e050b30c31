import Foundation

// Pure assembly of a `ReportDocument` from what a run knows: the plan's actions and what
// became of them, the diagnostics, the course titles. The run pipeline maps its outcome to
// these inputs; the renderers only ever see the finished document.

extension ReportAction.Kind {
    /// The report's name for a plan action.
    public init(_ kind: ActionKind) {
        switch kind {
        case .createMeeting: self = .createMeeting
        case .adoptMeeting: self = .adoptMeeting
        case .updateMeeting: self = .updateMeeting
        case .moveOccurrence: self = .moveOccurrence
        case .deleteOccurrence: self = .deleteOccurrence
        case .deleteMeeting: self = .deleteMeeting
        case .addRegistrant, .addRegistrants: self = .addRegistrant
        case .approveRegistrant: self = .approveRegistrant
        case .approveAdded: self = .approveAdded
        case .cancelRegistrant: self = .cancelRegistrant
        case .refreshRegistrants: self = .refreshRegistrants
        case .forgetMeeting: self = .forgetMeeting
        case .closeCourse: self = .closeCourse
        }
    }
}

extension MeetingChange {
    /// The Zoom fields a request sets, by Zoom's names.
    public var fieldNames: [String] {
        var names: [String] = []
        if topic != nil { names.append("topic") }
        if kind != nil { names.append("type") }
        if startTime != nil { names.append("start_time") }
        if timezone != nil { names.append("timezone") }
        if duration != nil { names.append("duration") }
        if agenda != nil { names.append("agenda") }
        if recurrence != nil { names.append("recurrence") }
        if settings != nil { names.append("settings") }
        return names
    }
}

extension ReportAction {
    /// A plan action and what became of it. `meetingID` is the meeting it concerned (for
    /// creates: the one created); `participant` the person's name for registrant actions when
    /// the caller knows it (adds carry it in the request).
    public init(
        _ action: PlannedAction, status: Status, language: Language, meetingID: ZoomMeetingID? = nil,
        participant: String? = nil, error: ZoomError? = nil, errorText: LocalizedText? = nil, notBefore: Date? = nil
    ) {
        var meeting = meetingID
        var occurrenceStart: Date?
        var newStartTime: String?
        var changed: [String]?
        var person = participant
        switch action.kind {
        case .createMeeting: break
        case .adoptMeeting(let id): meeting = meeting ?? id
        case .updateMeeting(let ref, let request):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            changed = request.fieldNames
        case .moveOccurrence(let ref, let start, let startTime, _):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            occurrenceStart = start
            newStartTime = startTime
        case .deleteOccurrence(let ref, let start):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            occurrenceStart = start
        case .deleteMeeting(let id), .forgetMeeting(let id): meeting = meeting ?? id
        case .addRegistrant(let ref, let request):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            if person == nil {
                person = [request.firstName, request.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            }
        case .addRegistrants(let ref, let list):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            if person == nil {
                person = list.map {
                    [$0.request.firstName, $0.request.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
                }
                .joined(separator: ", ")
            }
        case .approveAdded(let ref, let list):
            if case .existing(let id) = ref { meeting = meeting ?? id }
            _ = list
        case .approveRegistrant(let ref, _), .cancelRegistrant(let ref, _), .refreshRegistrants(let ref):
            if case .existing(let id) = ref { meeting = meeting ?? id }
        case .closeCourse: break
        }
        let message = errorText ?? error?.text
        self.init(
            course: action.course.rawValue, booking: action.booking, participant: person, kind: Kind(action.kind),
            status: status, reason: action.reason.text(language), meetingID: meeting,
            occurrenceStart: occurrenceStart, newStartTime: newStartTime, changedFields: changed,
            zoomCode: error?.code, httpStatus: error?.httpStatus, error: message?.text(language),
            notBefore: notBefore)
    }

    /// Work the plan held back.
    public init(
        _ deferred: DeferredWork, language: Language, meetingID: ZoomMeetingID? = nil, participant: String? = nil
    ) {
        if let action = deferred.action {
            let planned = PlannedAction(
                course: deferred.course, booking: deferred.booking, kind: action, reason: deferred.reason)
            self.init(
                planned, status: .deferred, language: language, meetingID: meetingID, participant: participant,
                notBefore: deferred.notBefore)
        } else {
            self.init(
                course: deferred.course.rawValue, booking: deferred.booking, participant: participant, kind: .other,
                status: .deferred, reason: deferred.reason.text(language), meetingID: meetingID,
                notBefore: deferred.notBefore)
        }
    }
}

/// Builds the finished report: counts, per-course results, the inbox, stable order.
public struct ReportAssembler: Sendable {
    public var runID: String
    public var mode: ReportDocument.Mode
    public var language: Language
    public var timeZone: String
    public var startedAt: Date
    public var finishedAt: Date
    public var exitCode: Int32
    public var inputFiles: [InputFile] = []
    /// Titles of the courses the run concerned (`Kurstitel`).
    public var courseTitles: [CourseNumber: String] = [:]
    /// Meeting ids as the state holds them after the run.
    public var meetingIDs: [CourseNumber: ZoomMeetingID] = [:]
    public var actions: [ReportAction] = []
    public var diagnostics: [Diagnostic] = []
    public var zoomImportFiles: [ReportImportFile] = []
    public var files: [String] = []
    public var fatal: LocalizedText?
    public var massCancel: ReportMassCancel?
    public var inputMovedTo: String?

    /// Diagnostics in report order: errors first, then course (numeric), booking, code.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if x.severity != y.severity { return x.severity < y.severity }
            if x.course != y.course {
                guard let cx = x.course else { return false }
                guard let cy = y.course else { return true }
                return cx < cy
            }
            if x.booking != y.booking { return (x.booking ?? "") < (y.booking ?? "") }
            if x.code != y.code { return x.code < y.code }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The inbox: one entry per course with an error diagnostic or a failed action, in
    /// course order. Errors run in the order they arose: input diagnostics, then Zoom failures,
    /// each with its own hint. A course whose meeting exists needs attention (some bookings or
    /// changes did not go through); only a course without its meeting gets the guide's
    /// "Synchronisation … ist fehlgeschlagen".
    public static func inbox(
        titles: [CourseNumber: String], diagnostics: [Diagnostic], actions: [ReportAction],
        language: Language, meetingExists: (CourseNumber) -> Bool = { _ in false },
        importFiles: [String: String] = [:]
    ) -> [ReportInboxEntry] {
        var errors: [CourseNumber: [(message: String, hint: String?)]] = [:]
        for diagnostic in diagnostics where diagnostic.severity == .error {
            guard let course = diagnostic.course else { continue }
            errors[course, default: []].append((diagnostic.message.text(language), diagnostic.hint?.text(language)))
        }
        for index in actions.indices where actions[index].status == .failed {
            let action = actions[index]
            let what = OutputTexts.action(action.kind, done: false).text(language)
            var subject = what
            let who = [action.participant, action.booking].compactMap { $0 }.joined(separator: ", ")
            if !who.isEmpty { subject += " (\(who))" }
            let message = "\(subject): \(action.error ?? OutputTexts.status(.failed).text(language))"
            // Its own hint; for a person Zoom would not take and who is in the course's import file,
            // the guide's remedy with that file.
            var hint = OutputTexts.failureHint(action.kind, zoomCode: action.zoomCode, httpStatus: action.httpStatus)
            if let file = importFiles[action.course], action.importMayHelp {
                hint = OutputTexts.zoomImportSteps(file: file)
            }
            errors[CourseNumber(action.course), default: []].append((message, hint.text(language)))
        }
        return errors.keys.sorted().map { course in
            let list = errors[course]!
            let last = list.last!
            let title = titles[course] ?? ""
            let hint = last.hint ?? list.compactMap(\.hint).last
            let exists = meetingExists(course)
            let message =
                exists
                ? OutputTexts.attentionSentence(
                    course: course.rawValue, title: title, errors: list.count, lastError: last.message)
                : OutputTexts.inboxSentence(course: course.rawValue, title: title, lastError: last.message)
            var entry = ReportInboxEntry(
                course: course.rawValue, title: title, message: message.text(language),
                lastError: last.message, hint: hint, errors: list.map(\.message))
            entry.meetingExists = exists
            entry.hints = list.map { $0.hint ?? "" }
            return entry
        }
    }

    /// Actions in course order (`CourseNumber`'s), and within a course in the run's order.
    /// Actions already in that order (the run's rows are made so) are returned as they are,
    /// without a copy of half a million of them.
    static func inCourseOrder(_ actions: [ReportAction]) -> [ReportAction] {
        guard let order = courseOrder(actions.map(\.course)) else { return actions }
        return order.map { actions[$0] }
    }

    /// The positions of `courses` in course order (`CourseNumber`'s, the same course by
    /// position), or nil when they are in that order already. Each number is parsed once,
    /// not at every comparison, and only positions are sorted.
    static func courseOrder(_ courses: [String]) -> [Int]? {
        let keys = courses.map { (raw: $0, number: Int($0)) }
        func precedes(_ a: Int, _ b: Int) -> Bool {
            let x = keys[a]
            let y = keys[b]
            if x.raw != y.raw {
                if let m = x.number, let n = y.number { return m < n }
                return x.raw < y.raw
            }
            return a < b
        }
        if keys.indices.dropFirst().allSatisfy({ !precedes($0, $0 - 1) }) { return nil }
        return keys.indices.sorted(by: precedes)
    }

    /// `numbers.sorted()`, with each number parsed once rather than at every comparison.
    static func inOrder(_ numbers: Set<CourseNumber>) -> [CourseNumber] {
        let keys = numbers.map { (number: $0, value: Int($0.rawValue)) }
        return keys.sorted { x, y in
            if let m = x.value, let n = y.value { return m < n }
            return x.number.rawValue < y.number.rawValue
        }.map(\.number)
    }

    public func assemble() -> ReportDocument {
        let orderedActions = Self.inCourseOrder(actions)
        var document = assemble(rows: ReportRows(orderedActions))
        document.actions = orderedActions
        return document
    }

    /// The finished report but its actions (`actions` is empty), from `rows` (report order)
    /// in place of the assembler's own `actions`: the writers take the rows beside the document
    /// (`OutputWriter.writeReport(_:rows:to:)`), each made when it is read.
    public func assemble(rows: ReportRows) -> ReportDocument {
        let sortedDiagnostics = Self.sorted(diagnostics)
        // A course whose people went to a Zoom import file: for them, the guide's remedy is what to do.
        // (One lookup table: a run can have 20,000 courses and half a million actions.)
        var firstImportFile: [String: String] = [:]
        for file in zoomImportFiles where firstImportFile[file.course] == nil {
            firstImportFile[file.course] = file.path
        }

        // One pass over the rows: the courses involved, deferred ones, those whose meeting an
        // action names, the last meeting id an action names, the failed actions, and the counts.
        // The courses this run concerned: those with a meeting, an action or a diagnostic. A course
        // that is only in the export (another venue than the Zoom room) is not counted as synced.
        var involved = Set(meetingIDs.keys.filter { courseTitles.isEmpty || courseTitles[$0] != nil })
        var deferredCourses = Set<String>()
        var meetingOfAction = Set<String>()
        // The last meeting id an action of the course names: the course's meeting when the
        // state holds none (a plan's first night).
        var lastActionMeeting: [String: ZoomMeetingID] = [:]
        // In report order, which within a course is the run's: the inbox lists a course's
        // errors in that order.
        var failed: [ReportAction] = []
        var counts = ReportCounts()
        var previousCourse: String?
        for index in rows.indices {
            let action = rows[index]
            let course = action.course
            if course != previousCourse {
                involved.insert(CourseNumber(course))
                previousCourse = course
            }
            if let id = action.meetingID {
                lastActionMeeting[course] = id
                meetingOfAction.insert(course)
            }
            let status = action.status
            switch status {
            case .planned: counts.actionsPlanned += 1
            case .applied: counts.actionsApplied += 1
            case .failed:
                counts.actionsFailed += 1
                failed.append(action)
            case .deferred:
                counts.actionsDeferred += 1
                deferredCourses.insert(course)
            case .skipped: counts.actionsSkipped += 1
            }
            // Change counts say what happened (sync) or would happen (plan).
            guard status == .applied || (mode == .plan && status == .planned) else { continue }
            switch action.kind {
            case .createMeeting: counts.meetingsCreated += 1
            case .updateMeeting, .moveOccurrence, .deleteOccurrence: counts.meetingsUpdated += 1
            case .deleteMeeting: counts.meetingsDeleted += 1
            case .addRegistrant: counts.registrantsAdded += 1
            case .cancelRegistrant: counts.registrantsCancelled += 1
            case .approveRegistrant: counts.registrantsReapproved += 1
            default: break
            }
        }
        let inbox = Self.inbox(
            titles: courseTitles, diagnostics: diagnostics, actions: failed, language: language,
            meetingExists: { [meetingIDs] in meetingIDs[$0] != nil || meetingOfAction.contains($0.rawValue) },
            importFiles: firstImportFile)
        let failedCourses = Set(inbox.map(\.course))
        involved.formUnion(diagnostics.compactMap(\.course))
        let courses = Self.inOrder(involved).map { number -> ReportCourse in
            let result: ReportCourse.Result =
                failedCourses.contains(number.rawValue)
                ? .failed : deferredCourses.contains(number.rawValue) ? .deferred : .ok
            let meeting = meetingIDs[number] ?? lastActionMeeting[number.rawValue]
            return ReportCourse(
                number: number.rawValue, title: courseTitles[number] ?? "", meetingID: meeting, result: result)
        }
        counts.courses = courses.count
        counts.coursesFailed = courses.filter { $0.result == .failed }.count
        counts.registrantsHandedToImport = zoomImportFiles.reduce(0) { $0 + $1.registrants }
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: counts.errors += 1
            case .warning: counts.warnings += 1
            case .info: counts.infos += 1
            }
        }

        return ReportDocument(
            runID: runID, mode: mode, language: language, timeZone: timeZone, startedAt: startedAt,
            finishedAt: finishedAt,
            exitCode: exitCode,
            inputFiles: inputFiles.sorted { ($0.kind.rawValue, $0.path) < ($1.kind.rawValue, $1.path) }.map(
                ReportInputFile.init),
            counts: counts, courses: courses, actions: [],
            diagnostics: sortedDiagnostics.map { ReportDiagnostic($0, language: language) },
            inbox: inbox, zoomImportFiles: zoomImportFiles.sorted { $0.path < $1.path }, files: files.sorted(),
            fatal: fatal?.text(language), massCancel: massCancel, inputMovedTo: inputMovedTo)
    }
}
