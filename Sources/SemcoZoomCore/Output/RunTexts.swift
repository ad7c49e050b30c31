import Foundation

/// The words a run prints for people — progress lines, the summary, `validate`'s and `status`'s
/// labels — from one catalogue, German or English, never both (README.md, "What a run prints"). Numbers
/// go with an inflected noun ("1 Warnung", "2 Warnungen"). `RunTextsTests` renders every entry
/// in both languages and checks it for the other language's words.
public struct RunTexts: Sendable {
    public var language: Language
    public init(language: Language) { self.language = language }

    var de: Bool { language == .de }
    func pick(_ german: String, _ english: String) -> String { de ? german : english }

    /// A countable noun in both languages, singular and plural.
    public enum Noun: CaseIterable, Sendable {
        case course, booking, meeting, change, zoomWrite, error, warning, session, trainerAssignment, person, registrant

        func forms(_ language: Language) -> (one: String, many: String) {
            switch (self, language) {
            case (.course, .de): return ("Kurs", "Kurse")
            case (.course, .en): return ("course", "courses")
            case (.booking, .de): return ("Buchung", "Buchungen")
            case (.booking, .en): return ("booking", "bookings")
            case (.meeting, .de): return ("Meeting", "Meetings")
            case (.meeting, .en): return ("meeting", "meetings")
            case (.change, .de): return ("Änderung", "Änderungen")
            case (.change, .en): return ("change", "changes")
            case (.zoomWrite, .de): return ("Schreibzugriff auf Zoom", "Schreibzugriffe auf Zoom")
            case (.zoomWrite, .en): return ("write to Zoom", "writes to Zoom")
            case (.error, .de): return ("Fehler", "Fehler")
            case (.error, .en): return ("error", "errors")
            case (.warning, .de): return ("Warnung", "Warnungen")
            case (.warning, .en): return ("warning", "warnings")
            case (.session, .de): return ("Einzeltermin", "Einzeltermine")
            case (.session, .en): return ("session", "sessions")
            case (.trainerAssignment, .de): return ("Trainerzuordnung", "Trainerzuordnungen")
            case (.trainerAssignment, .en): return ("trainer assignment", "trainer assignments")
            case (.person, .de): return ("Person", "Personen")
            case (.person, .en): return ("person", "people")
            case (.registrant, .de): return ("Teilnehmer", "Teilnehmer")
            case (.registrant, .en): return ("participant", "participants")
            }
        }
    }

    /// "1 Warnung", "3 Warnungen".
    public func count(_ number: Int, _ noun: Noun) -> String {
        let forms = noun.forms(language)
        return "\(number) \(number == 1 ? forms.one : forms.many)"
    }

    // MARK: Progress (stderr on a terminal, every line with --verbose)

    public func progressLock(_ path: String) -> String { pick("Sperre \(path)", "lock \(path)") }
    public func progressState(courses: Int) -> String {
        pick("Statusdatei: \(count(courses, .course))", "state: \(count(courses, .course))")
    }
    public func progressRead(courses: Int, bookings: Int) -> String {
        pick(
            "Exporte gelesen: \(count(courses, .course)), \(count(bookings, .booking))",
            "exports read: \(count(courses, .course)), \(count(bookings, .booking))")
    }
    public func progressDesired(courses: Int) -> String {
        pick("Sollzustand: \(count(courses, .course))", "desired state: \(count(courses, .course))")
    }
    public func progressObserved(meetings: Int) -> String {
        pick("Zoom gelesen: \(count(meetings, .meeting))", "Zoom read: \(count(meetings, .meeting))")
    }
    public func progressPlan(actions: Int, writes: Int) -> String {
        pick(
            "Plan: \(count(actions, .change)), \(count(writes, .zoomWrite))",
            "plan: \(count(actions, .change)), \(count(writes, .zoomWrite))")
    }
    public func progressStateWritten(courses: Int) -> String {
        pick("Statusdatei geschrieben: \(count(courses, .course))", "state written: \(count(courses, .course))")
    }
    public func progressOutputs(actions: Int) -> String {
        pick(
            "Bericht und Ausgabedateien geschrieben: \(count(actions, .change))",
            "report and output files written: \(count(actions, .change))")
    }
    public func progressApplied(done: Int, total: Int) -> String {
        pick(
            "Zoom: \(done) von \(count(total, .course)) angewendet", "Zoom: \(done) of \(count(total, .course)) applied"
        )
    }

    // MARK: Summary

    /// "semco-zoom sync <id>: 23 Änderungen angewendet, 0 fehlgeschlagen, …, 1 Warnung."
    public func headline(mode: RunMode, runID: String, counts c: RunCounts) -> String {
        var text = "semco-zoom \(mode.rawValue) \(runID): "
        switch mode {
        case .plan:
            text += pick(
                "\(count(c.zoomWrites, .change)) in Zoom geplant", "\(count(c.zoomWrites, .change)) to Zoom planned")
        case .sync:
            text += pick(
                "\(count(c.applied, .change)) angewendet, \(c.failed) fehlgeschlagen",
                "\(count(c.applied, .change)) applied, \(c.failed) failed")
        }
        text += pick(", \(c.deferred) zurückgestellt, ", ", \(c.deferred) deferred, ")
        return text + "\(count(c.errors, .error)), \(count(c.warnings, .warning))."
    }

    /// The changes by kind, without the kinds that did not occur; nil when nothing changed.
    public func changes(
        meetingsCreated: Int, meetingsChanged: Int, meetingsDeleted: Int, registered: Int, cancelled: Int,
        reapproved: Int, handedToImport: Int, planned: Bool
    ) -> String? {
        var parts: [String] = []
        func add(_ number: Int, _ noun: Noun, _ german: String, _ english: String) {
            if number > 0 { parts.append("\(count(number, noun)) \(pick(german, english))") }
        }
        if planned {
            add(meetingsCreated, .meeting, "anlegen", "to create")
            add(meetingsChanged, .meeting, "ändern", "to change")
            add(meetingsDeleted, .meeting, "löschen", "to delete")
            add(registered, .registrant, "anmelden", "to register")
            add(cancelled, .registrant, "abmelden", "to cancel")
            add(reapproved, .registrant, "wieder zulassen", "to re-approve")
        } else {
            add(meetingsCreated, .meeting, "angelegt", "created")
            add(meetingsChanged, .meeting, "geändert", "changed")
            add(meetingsDeleted, .meeting, "gelöscht", "deleted")
            add(registered, .registrant, "angemeldet", "registered")
            add(cancelled, .registrant, "abgemeldet", "cancelled")
            add(reapproved, .registrant, "wieder zugelassen", "re-approved")
            add(handedToImport, .registrant, "an die Zoom-Importdatei übergeben", "handed to the Zoom import CSV")
        }
        guard !parts.isEmpty else { return nil }
        return (planned ? pick("Geplant in Zoom: ", "Planned in Zoom: ") : pick("In Zoom: ", "In Zoom: "))
            + parts.joined(separator: ", ") + "."
    }

    public var attentionHeading: String { pick("Braucht Aufmerksamkeit:", "Needs attention:") }
    public var warningsHeading: String { pick("Warnungen:", "Warnings:") }
    public var withoutCourse: String { pick("Ohne Kurs", "Without a course") }
    public var errorLabel: String { pick("FEHLER", "ERROR") }
    public var warningLabel: String { pick("WARNUNG", "WARNING") }
    public var infoLabel: String { pick("HINWEIS", "NOTE") }
    public var failedLabel: String { pick("FEHLGESCHLAGEN", "FAILED") }
    public var deferredLabel: String { pick("ZURÜCKGESTELLT", "DEFERRED") }
    public var importLabel: String { pick("ZOOM-IMPORT", "ZOOM IMPORT") }
    public var bookingWord: String { pick("Buchung", "booking") }

    /// What an action does, in the report's words ("Teilnehmer anmelden").
    public func action(_ description: ActionDescription) -> String {
        let kind =
            description.kind == "addRegistrants" ? .addRegistrant : ReportAction.Kind(descriptionKind: description.kind)
        return OutputTexts.action(kind, done: false).text(language)
    }

    /// "Kurs 10062 Narkose Grundschulung" ("Course 10062 …").
    public func courseHeader(_ course: CourseNumber, title: String?) -> String {
        let head = pick("Kurs \(course)", "Course \(course)")
        guard let title, !title.isEmpty else { return head }
        return head + " " + title
    }

    /// "… und 3 weitere im Bericht."
    public func more(_ number: Int) -> String {
        pick("… und \(number) weitere im Bericht.", "… and \(number) more in the report.")
    }
    /// "3-mal".
    public func times(_ number: Int) -> String { pick("\(number)-mal", "\(number) times") }
    /// "Kurse 10050, 10058" / "Kurs 10050".
    public func courses(_ numbers: [String]) -> String {
        let list = numbers.joined(separator: ", ")
        return numbers.count == 1 ? pick("Kurs \(list)", "course \(list)") : pick("Kurse \(list)", "courses \(list)")
    }
    /// "ebenso Kurs 10058" / "ebenso Kurse 10058, 10070".
    public func alsoCourses(_ numbers: [String]) -> String { pick("ebenso ", "also ") + courses(numbers) }
    public func report(_ path: String) -> String { pick("Bericht: \(path)", "Report: \(path)") }

    /// A message that starts with its course ("Kurs 10068 Notfallmanagement: …"), shown under the
    /// course's own heading, without the course a second time.
    public func withoutCoursePrefix(_ message: String, course: CourseNumber?, title: String?) -> String {
        guard let course else { return message }
        for lead in ["Kurs \(course)", "Course \(course)", "course \(course)"] where message.hasPrefix(lead) {
            var rest = message.dropFirst(lead.count)
            if let title, !title.isEmpty, rest.hasPrefix(" " + title) { rest = rest.dropFirst(title.count + 1) }
            if rest.hasPrefix(": ") {
                let text = rest.dropFirst(2)
                return (text.first.map { $0.uppercased() } ?? "") + text.dropFirst()
            }
        }
        return message
    }

    // MARK: validate

    /// The export kinds as `validate` lists the files.
    public func exportKind(_ kind: ExportKind) -> String {
        switch kind {
        case .courses: return pick("Kurse", "courses")
        case .sessions: return pick("Kurstermine", "sessions")
        case .trainers: return pick("Trainer", "trainers")
        case .bookings: return pick("Buchungen", "bookings")
        }
    }

    public func validateAccepted(courses: Int, sessions: Int, trainers: Int, bookings: Int, errors: Int, warnings: Int)
        -> String
    {
        pick("Eingabe angenommen: ", "Input accepted: ")
            + "\(count(courses, .course)) (\(count(sessions, .session))), \(count(trainers, .trainerAssignment)), "
            + "\(count(bookings, .booking)); \(count(errors, .error)), \(count(warnings, .warning))."
    }
}
