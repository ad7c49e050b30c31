import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// One language at a time (README.md, "What a run prints"): every entry of the run's text catalogue and
/// every progress and summary template, rendered in both languages with sample values, holds
/// none of the other language's words, no course number twice in a line, and no number with an
/// uninflected noun ("1 Warnungen").
@Suite struct RunTextsTests {
    // The words that give the other language away and the plurals: `LanguageCheck` (shared with the
    // scan of every text in the sources and the CLI tests).

    /// Every catalogue entry with sample values, for counts 1 and 2.
    static func catalogue(_ t: RunTexts) -> [String] {
        var lines: [String] = []
        for n in [0, 1, 2] {
            for noun in RunTexts.Noun.allCases { lines.append(t.count(n, noun)) }
            lines += [
                t.progressState(courses: n), t.progressRead(courses: n, bookings: n), t.progressDesired(courses: n),
                t.progressObserved(meetings: n), t.progressPlan(actions: n, writes: n),
                t.progressApplied(done: n, total: n),
                t.more(n), t.times(n),
                t.validateAccepted(courses: n, sessions: n, trainers: n, bookings: n, errors: n, warnings: n),
            ]
            var counts = RunCounts()
            (counts.applied, counts.failed, counts.deferred, counts.errors, counts.warnings, counts.zoomWrites) = (
                n, n, n, n, n, n
            )
            lines.append(t.headline(mode: .sync, runID: "20270301T220000Z-abcd", counts: counts))
            lines.append(t.headline(mode: .plan, runID: "20270301T220000Z-abcd", counts: counts))
            for planned in [false, true] {
                lines.append(
                    t.changes(
                        meetingsCreated: n, meetingsChanged: n, meetingsDeleted: n, registered: n, cancelled: n,
                        reapproved: n, handedToImport: n, planned: planned) ?? "")
            }
        }
        lines += [
            t.progressLock("/srv/semco/state.json.lock"), t.attentionHeading, t.warningsHeading, t.withoutCourse,
            t.errorLabel,
            t.warningLabel, t.infoLabel, t.failedLabel, t.deferredLabel, t.importLabel, t.bookingWord,
            t.courseHeader("10062", title: "Narkose Grundschulung"), t.courses(["10050"]),
            t.courses(["10050", "10058"]),
            t.alsoCourses(["10058"]), t.report("/srv/semco/runs/x/report.html"),
        ]
        lines += ExportKind.allCases.map(t.exportKind)
        lines += [
            t.statusStateFile("/srv/semco/state.json"), t.statusNoStateFile,
            t.statusVersion(written: "2027-03-01T22:00:00Z", serial: 30, lineage: "a8fbbdc6"), t.statusRunInProgress,
            t.statusNoCourses, t.statusOpenProblems, t.statusDeferredHeading,
            t.statusLastRun(
                runID: "20270301T220000Z-abcd", mode: "sync", finished: "2027-03-01T22:05:00Z", exitCode: 3),
        ]
        lines += [ManagedCourse.Phase.active, .closed, .deleted].map(t.statusPhase)
        lines += RunTexts.ReportWord.allCases.map(t.html)
        return lines
    }

    /// A run with something of everything: changes, errors with hints, a failed and a deferred
    /// registration, a hand-over to the import CSV, grouped warnings, a problem without a course.
    static func sampleOutcome(_ language: Language) throws -> RunOutcome {
        var outcome = RunOutcome(
            runID: "20270301T220000Z-abcd", mode: .sync, startedAt: Date(timeIntervalSince1970: 1_800_000_000))
        outcome.courseTitles = ["10050": "Gefahrstoffe I", "10058": "Brandschutz II", "10068": "Notfallmanagement"]
        func action(_ kind: String) throws -> ActionDescription {
            try JSONDecoder().decode(
                ActionDescription.self, from: Data("{\"kind\":\"\(kind)\",\"isZoomWrite\":true}".utf8))
        }
        let reason = LocalizedText(de: "Grund", en: "reason")
        for kind in [
            "createMeeting", "updateMeeting", "addRegistrant", "addRegistrant", "cancelRegistrant", "approveRegistrant",
        ] {
            outcome.actions.append(
                ActionOutcome(
                    course: "10050", booking: nil, email: nil, action: try action(kind), reason: reason,
                    result: .applied, meetingID: 81_234_567_890))
        }
        outcome.actions.append(
            ActionOutcome(
                course: "10058", booking: "BN27-00131", email: "o.braun@example.org",
                action: try action("addRegistrant"), reason: reason, result: .failed,
                error: ZoomErrorReport(.api(status: 400, code: 300, message: "Invalid email", fieldErrors: []))))
        outcome.actions.append(
            ActionOutcome(
                course: "10058", booking: "BN27-00132", email: "k.berg@example.org",
                action: try action("addRegistrant"), reason: reason, result: .deferred))
        outcome.handedToImport.append(
            ImportHandoff(
                course: "10058", meetingID: 81_234_567_891, email: "r.doro@example.org", firstName: "Rita",
                lastName: "Doro", bookings: ["BN27-00159"],
                why: LocalizedText(de: "Zoom nimmt sie nicht wieder auf.", en: "Zoom does not take her back."),
                error: nil))
        outcome.diagnostics = [
            Diagnostic(
                code: "course.end-before-start", severity: .error, course: "10068",
                message: LocalizedText(
                    de: "Kurs 10068 Notfallmanagement: Das Enddatum liegt vor dem Startdatum.",
                    en: "Course 10068 Notfallmanagement: the end date is before the start date."),
                hint: LocalizedText(
                    de: "Datum im Kursformular korrigieren.", en: "Correct the date in the course form.")),
            Diagnostic(
                code: "booking.email-umlaut", severity: .error, course: "10050", booking: "BN27-00102",
                message: LocalizedText(
                    de: "E-Mail-Adresse enthält einen Umlaut.", en: "The address contains an umlaut."),
                hint: LocalizedText(de: "Adresse prüfen.", en: "Check the address.")),
            Diagnostic(
                code: "output.write-failed", severity: .error,
                message: LocalizedText(
                    de: "Ausgabedateien konnten nicht geschrieben werden.", en: "Output files could not be written.")),
            Diagnostic(
                code: "course.title-too-long", severity: .warning, course: "10050",
                message: LocalizedText(
                    de: "Der Kurstitel von Kurs 10050 ist zu lang.", en: "The title of course 10050 is too long.")),
            Diagnostic(
                code: "course.title-too-long", severity: .warning, course: "10058",
                message: LocalizedText(
                    de: "Der Kurstitel von Kurs 10058 ist zu lang.", en: "The title of course 10058 is too long.")),
            Diagnostic(
                code: "course.over-capacity", severity: .warning, course: "10068",
                message: LocalizedText(de: "Mehr Buchungen als Plätze.", en: "More bookings than seats.")),
        ]
        outcome.recount()
        return outcome
    }

    static func problems(_ lines: [String], language: Language) -> [String] {
        LanguageCheck.problems(lines, language: language.rawValue)
    }

    @Test("every catalogue entry, in German and in English, with counts 0, 1 and 2", arguments: [Language.de, .en])
    func catalogueIsOneLanguage(_ language: Language) {
        let lines = Self.catalogue(RunTexts(language: language))
        #expect(Self.problems(lines, language: language).isEmpty, "\(Self.problems(lines, language: language))")
    }

    @Test("the summary of a run with everything in it", arguments: [Language.de, .en])
    func summaryIsOneLanguage(_ language: Language) throws {
        let outcome = try Self.sampleOutcome(language)
        let text = RunSummaryText.render(
            RunResult(
                outcome: outcome, reportFile: URL(fileURLWithPath: "/srv/runs/x/report.json"),
                language: language))
        let lines = text.split(separator: "\n").map(String.init)
        // The sample's own messages are in the language asked for; what is checked are the templates around them.
        #expect(
            Self.problems(lines, language: language).isEmpty, "\(Self.problems(lines, language: language))\n\(text)")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    language == .de
                        ? "In Zoom: 1 Meeting angelegt, 1 Meeting geändert, 2 Teilnehmer angemeldet"
                        : "In Zoom: 1 meeting created, 1 meeting changed, 2 participants registered")
            },
            "\(text)")
        #expect(
            text.contains(
                language == .de ? "Datum im Kursformular korrigieren." : "Correct the date in the course form."))
        #expect(text.contains(language == .de ? "ebenso Kurs 10058" : "also course 10058"), "warnings grouped: \(text)")
    }

    @Test("the summary's warnings stop at 20 lines, then point to the report")
    func warningsAreCapped() throws {
        var outcome = try Self.sampleOutcome(.de)
        for index in 0..<30 {
            outcome.diagnostics.append(
                Diagnostic(
                    code: "test.warning-\(index)", severity: .warning, course: CourseNumber("\(20000 + index)"),
                    message: LocalizedText(de: "Hinweis \(index).", en: "Note \(index).")))
        }
        outcome.recount()
        let text = RunSummaryText.render(RunResult(outcome: outcome, reportFile: nil, language: .de))
        let warnings = text.components(separatedBy: "Warnungen:\n")[1].split(separator: "\n")
        #expect(warnings.filter { $0.hasPrefix("  [") }.count == RunSummaryText.warningLines)
        #expect(warnings.contains("  … und 12 weitere im Bericht."), "\(text)")
    }

    @Test(
        "status in both languages: the state in words, a cancelled course, open problems",
        arguments: [Language.de, .en])
    func statusIsOneLanguage(_ language: Language) {
        var state = SyncState(lineage: "lin-1", serial: 7)
        let host = "m.berger@example.org"
        state[course: "10050"] = ManagedCourse(
            number: "10050", host: host, meetingID: 81_234_567_890,
            registrants: [
                "a@example.org": ManagedRegistrant(
                    email: "a@example.org", firstName: "Anna", lastName: "Alt", bookings: ["BN-1"],
                    status: .handedToImport),
                "b@example.org": ManagedRegistrant(
                    email: "b@example.org", firstName: "Ben", lastName: "Bau", bookings: ["BN-2"],
                    status: .registered),
            ])
        state[course: "10058"] = ManagedCourse(number: "10058", phase: .deleted, host: host, meetingID: 81_234_567_891)
        state[course: "10068"] = ManagedCourse(
            number: "10068", host: host, meetingID: 81_234_567_892, goneSince: Date())
        state[course: "10062"] = ManagedCourse(
            number: "10062", host: host,
            pendingCreate: PendingCreate(marker: "[SEMCO 10062]", host: host, recordedAt: Date()))
        let report = StatusReport(
            stateFile: URL(fileURLWithPath: "/srv/semco/state.json"),
            loaded: LoadedState(state: state, existed: true, fingerprint: nil), runInProgress: true)
        let text = report.text(language)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            Self.problems(lines, language: language).isEmpty, "\(Self.problems(lines, language: language))\n\(text)")
        #expect(!text.contains("lineage") && !text.contains("serial"))
        #expect(
            text.contains(
                language == .de ? "in SEMCO storniert, Meeting gelöscht" : "cancelled in SEMCO, meeting deleted"))
    }
}
