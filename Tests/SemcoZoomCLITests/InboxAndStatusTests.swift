import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// What the admin reads in the morning: an inbox that does not over-alarm, and a `status`
/// that shows what is open (README.md, "What a run prints"; docs/report-schema.md, "inbox entry").
@Suite("inbox and status after a night with problems", .serialized)
struct InboxAndStatusTests {
    @Test(
        "the samples: a course whose meeting exists needs attention, one without it failed; each error its own hint; Bremen is no Zoom course"
    )
    func inboxDoesNotOverAlarm() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-inbox")
        defer { dir.remove() }
        try FileManager.default.copyItem(at: RepositoryFiles.samples, to: dir.url.appendingPathComponent("samples"))
        let sync = try await CLIProcess.run(
            ["sync", "--zoom", "simulator", "--keep-drop", "--drop", "samples/drop", "--json"], in: dir.url)
        #expect(sync.exitCode == 3, "\(sync.stdout)\n\(sync.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(sync.stdout.utf8)) as? [String: Any])
        let reportURL = URL(fileURLWithPath: try #require(summary["report"] as? String))
        let report = try ReportDocument.makeDecoder().decode(ReportDocument.self, from: Data(contentsOf: reportURL))

        // 10050: its meeting exists, only the bookings with a bad address did not go through.
        let attention = try #require(report.inbox.first { $0.course == "10050" })
        #expect(attention.meetingExists == true)
        #expect(attention.message.contains("braucht Aufmerksamkeit"), "\(attention.message)")
        #expect(!attention.message.contains("fehlgeschlagen"))
        // 10061: no moderator, so no meeting: the guide's sentence.
        let failed = try #require(report.inbox.first { $0.course == "10061" })
        #expect(failed.meetingExists == false)
        #expect(
            failed.message.hasPrefix(
                "Synchronisation des Kurses 10061 Narkose Grundschulung - Zoom-Webinar ist fehlgeschlagen."))
        for entry in report.inbox {
            #expect(entry.hints?.count == entry.errors.count, "\(entry.course)")
            #expect(entry.hints?.allSatisfy { !$0.isEmpty } == true, "every input error has its hint: \(entry.course)")
        }
        let html = try String(
            contentsOf: reportURL.deletingLastPathComponent().appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Braucht Aufmerksamkeit"))
        // A course in another venue (10006, Bremen) is not a synced course.
        #expect(!report.courses.contains { $0.number == "10006" })
        // One diagnostic per problem: the long title of 10071 once.
        #expect(report.diagnostics.filter { $0.course == "10071" }.map(\.code) == ["course.title-too-long"])

        // status: the last run's inbox, the state in words.
        let status = try await CLIProcess.run(["status", "--zoom", "simulator"], in: dir.url)
        #expect(status.exitCode == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Letzter Lauf: \(report.runID) (sync"), "\(status.stdout)")
        #expect(status.stdout.contains("Braucht Aufmerksamkeit:"))
        #expect(status.stdout.contains("Kurs 10050 Gefahrstoffe I - Zoom-Webinar: 3 Fehler"))
        #expect(status.stdout.contains("Kurs 10057 Zoom Webinar MP2: 1 Fehler"))
        #expect(status.stdout.contains("Stand Nr. "))
        #expect(!status.stdout.contains("lineage") && !status.stdout.contains("serial"))

        // In English, English only: the German report's own sentences stay out.
        let english = try await CLIProcess.run(["status", "--zoom", "simulator", "--language", "en"], in: dir.url)
        #expect(english.stdout.contains("Course 10050 Gefahrstoffe I - Zoom-Webinar: 3 errors"), "\(english.stdout)")
        for german in ["Kurs ", "Fehler", "angemeldet", "Letzter", "Braucht", "Bericht", "Zoom nimmt"] {
            #expect(!english.stdout.contains(german), "\(german): \(english.stdout)")
        }
    }

    @Test(
        "status: a meeting deleted in Zoom awaits confirmation; a cancelled course shows as cancelled, not with its registrants"
    )
    func statusShowsWhatIsOpen() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let meeting = try await scene.syncGuideCourse()
        await scene.simulator.deleteMeetingDirectly(id: meeting.id)
        let noticed = try await scene.run("sync", ["--keep-drop"])
        #expect([0, 3].contains(noticed.exitCode), "\(noticed.stdout)\n\(noticed.stderr)")
        let gone = try await scene.run("status")
        #expect(gone.stdout.contains("wurde in Zoom gelöscht"), "\(gone.stdout)")
        #expect(gone.stdout.contains("wartet auf Bestätigung"), "\(gone.stdout)")

        // SEMCO cancels the course: the meeting goes, and status says so.
        let recreated = try await scene.run("sync", ["--keep-drop", "--recreate-deleted"])
        #expect(recreated.exitCode == 0, "\(recreated.stdout)\n\(recreated.stderr)")
        try scene.writeGuideCourse(stamp: "20270302_2200")
        let cancelled = try String(
            contentsOf: scene.drop.appendingPathComponent("kurse_20270302_2200.csv"), encoding: .utf8
        )
        .replacingOccurrences(of: ";bestätigt;", with: ";storniert;")
        try scene.dir.write("drop/kurse_20270302_2200.csv", cancelled)
        let sync = try await scene.run("sync", ["--keep-drop", "--allow-mass-cancel"])
        #expect([0, 3].contains(sync.exitCode), "\(sync.stdout)\n\(sync.stderr)")
        let status = try await scene.run("status")
        #expect(status.stdout.contains("Kurs 10062  abgesagt"), "\(status.stdout)")
        #expect(status.stdout.contains("in SEMCO storniert, Meeting gelöscht"))
        #expect(!status.stdout.contains("3 angemeldet"))
    }

    @Test(
        "Zoom refuses some bookings of a course whose meeting exists: it needs attention with those bookings, each refusal with its own hint, in either language alone"
    )
    func refusedBookingsNeedAttention() async throws {
        // Zoom takes two people per meeting here: the guide's third booking is refused (3043).
        let scene = try await SyncScene.start(registrantCapacity: 2)
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let sync = try await scene.run("sync", ["--keep-drop"])
        #expect(sync.exitCode == 3, "\(sync.stdout)\n\(sync.stderr)")
        // The summary's last line names the report page; report.json sits beside it.
        let page = try #require(sync.stdout.split(separator: "\n").last?.split(separator: " ").last, "\(sync.stdout)")
        let reportFile = URL(fileURLWithPath: String(page)).deletingLastPathComponent()
            .appendingPathComponent("report.json")
        let report = try ReportDocument.makeDecoder().decode(ReportDocument.self, from: Data(contentsOf: reportFile))
        let entry = try #require(report.inbox.first { $0.course == "10062" }, "\(sync.stdout)")
        #expect(entry.meetingExists == true)
        #expect(entry.message.contains("braucht Aufmerksamkeit"), "\(entry.message)")
        #expect(!entry.message.contains("fehlgeschlagen"), "\(entry.message)")
        #expect(entry.errors.count == 1 && entry.errors[0].contains("BN27-00160"), "\(entry.errors)")
        // Its own hint, though no import file was written (the CSV import does not get round a full meeting).
        #expect(report.zoomImportFiles.isEmpty)
        #expect(entry.hints == [entry.hint ?? ""] && entry.hint?.hasPrefix("Das Meeting ist voll") == true, "\(entry)")
        // The summary on stdout: the refused booking and what to do about it, German only.
        let lines = sync.stdout.split(separator: "\n").map(String.init)
        let failed = try #require(lines.firstIndex { $0.hasPrefix("    FEHLGESCHLAGEN ") }, "\(sync.stdout)")
        #expect(lines[failed].contains("(Buchung BN27-00160)"), "\(lines[failed])")
        #expect(lines[failed + 1].hasPrefix("      → Das Meeting ist voll"), "\(sync.stdout)")
        #expect(
            LanguageCheck.problems(lines, language: "de").isEmpty, "\(LanguageCheck.problems(lines, language: "de"))")

        // The next night in English (Zoom refuses the same booking again): English only, the hint in English.
        let english = try await scene.run("sync", ["--keep-drop", "--language", "en"])
        #expect(english.exitCode == 3, "\(english.stdout)\n\(english.stderr)")
        let englishLines = english.stdout.split(separator: "\n").map(String.init)
        #expect(englishLines.contains { $0.hasPrefix("      → The meeting is full") }, "\(english.stdout)")
        #expect(
            LanguageCheck.problems(englishLines, language: "en").isEmpty,
            "\(LanguageCheck.problems(englishLines, language: "en"))")
    }
}
