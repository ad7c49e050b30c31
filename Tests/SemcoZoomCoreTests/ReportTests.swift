import Foundation
import Testing

@testable import SemcoZoomCore

enum RepoPaths {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
    static var reportSchema: URL { root.appendingPathComponent("docs/report.schema.json") }
}

@Suite struct ReportDocumentTests {
    @Test func inboxUsesTheGuidesSentenceWithTheLastError() throws {
        let report = ReportFixture.assembler().assemble()
        #expect(report.inbox.map(\.course) == ["10061", "10063"])
        let blocked = try #require(report.inbox.first)
        #expect(
            blocked.message
                == "Synchronisation des Kurses 10061 Narkose Grundschulung - Zoom-Webinar ist fehlgeschlagen. Bitte korrigieren Sie die Daten und starten Sie die Synchronisation erneut. Die letzte Fehlermeldung lautet: Zoom Benutzernamen ist für Benutzer Alexei Daiter nicht festgelegt."
        )
        #expect(blocked.hint == "Tragen Sie den Zoom Benutzernamen in der Benutzerverwaltung ein.")
        #expect(blocked.errors.count == 2)
        let refused = report.inbox[1]
        #expect(refused.title == ReportFixture.tricky)
        #expect(
            refused.lastError.hasPrefix(
                "Teilnehmer wieder zulassen (Pat O'Brien, BN27-00175): Zoom hat die Anfrage abgelehnt (HTTP 400, Zoom-Code 3000"
            ))
    }

    @Test func englishReportIsInEnglish() throws {
        let report = ReportFixture.assembler(language: .en).assemble()
        let blocked = try #require(report.inbox.first)
        #expect(
            blocked.message
                == "Synchronisation of course 10061 Narkose Grundschulung - Zoom-Webinar failed. Please correct the data and start the synchronisation again. The last error message is: No Zoom user name is set for user Alexei Daiter."
        )
        #expect(
            report.diagnostics.first?.message
                == "The meeting's moderator is set to Trainer, but no trainer of the course has Moderator ticked.")
        #expect(report.actions.first?.reason == "Course synced for the first time")
    }

    @Test func countsAndCourseResults() {
        let report = ReportFixture.assembler().assemble()
        let c = report.counts
        #expect(c.courses == 6)  // 10050 (info only), 10061…10065
        #expect(c.coursesFailed == 2)
        #expect(c.actionsApplied == 8)
        #expect(c.actionsFailed == 1)
        #expect(c.actionsDeferred == 1)
        #expect(c.actionsPlanned == 0)
        #expect(c.meetingsCreated == 1)
        #expect(c.meetingsUpdated == 3)
        #expect(c.meetingsDeleted == 1)
        #expect(c.registrantsAdded == 2)
        #expect(c.registrantsCancelled == 1)
        #expect(c.registrantsReapproved == 0)
        #expect(c.errors == 2)
        #expect(c.warnings == 2)
        #expect(c.infos == 1)
        let results = Dictionary(uniqueKeysWithValues: report.courses.map { ($0.number, $0.result) })
        #expect(
            results == [
                "10050": .ok, "10061": .failed, "10062": .ok, "10063": .failed, "10064": .deferred, "10065": .ok,
            ])
        #expect(report.courses.first { $0.number == "10065" }?.meetingID == 89_000_000_003)
    }

    @Test func actionsCarryZoomCodesAndDeferredTimes() throws {
        let report = ReportFixture.assembler().assemble()
        let failed = try #require(report.actions.first { $0.status == .failed })
        #expect(failed.kind == .approveRegistrant)
        #expect(failed.zoomCode == 3000)
        #expect(failed.httpStatus == 400)
        #expect(failed.booking == "BN27-00175")
        let deferred = try #require(report.actions.first { $0.status == .deferred })
        #expect(deferred.notBefore == ReportFixture.tomorrowUTC)
        #expect(deferred.zoomCode == 429)
        let update = try #require(report.actions.first { $0.kind == .updateMeeting })
        #expect(update.changedFields == ["topic", "start_time"])
        #expect(update.meetingID == 87_000_000_001)
        let move = try #require(report.actions.first { $0.kind == .moveOccurrence })
        #expect(move.newStartTime == "2027-05-10T13:00:00")
        let add = try #require(report.actions.first { $0.booking == "BN27-00160" })
        #expect(add.participant == "Jörg Müller, \"Doc\"")
    }

    @Test func diagnosticsAreOrderedErrorsFirst() {
        let report = ReportFixture.assembler().assemble()
        #expect(report.diagnostics.map(\.severity) == [.error, .error, .warning, .warning, .info])
        #expect(report.diagnostics[0].source == ReportSource(file: "kurse.csv", line: 4))
    }

    @Test func jsonHasSnakeCaseKeysInStableOrderAndRoundTrips() throws {
        let report = ReportFixture.assembler().assemble()
        let data = try report.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"schema_version\":1"))
        #expect(text.contains("\"run_id\":\"20270406-084640-ab12\""))
        #expect(text.contains("\"started_at\":\"2027-04-06T"))
        #expect(!text.contains("runID") && !text.contains("meetingID"))
        // Stable: the same document encodes to the same bytes, and keys are sorted.
        #expect(try report.jsonData() == data)
        let keys = ["actions", "counts", "courses", "diagnostics", "exit_code", "files", "finished_at", "inbox"]
        let positions = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        let decoded = try ReportDocument.makeDecoder().decode(ReportDocument.self, from: data)
        #expect(decoded == report)
    }

    @Test func realReportValidatesAgainstThePublishedSchema() throws {
        let checker = try ReportSchemaChecker(schemaURL: RepoPaths.reportSchema)
        for language in Language.allCases {
            for mode in ReportDocument.Mode.allCases {
                var assembler = ReportFixture.assembler(language: language, mode: mode)
                assembler.zoomImportFiles = [
                    ReportImportFile(
                        course: "10063", meetingID: 87_000_000_001, path: "zoom-import/10063_87000000001.csv",
                        registrants: 1)
                ]
                if mode == .plan {
                    assembler.fatal = LocalizedText(de: "Abbruch", en: "Stopped")
                    assembler.massCancel = ReportMassCancel(
                        tripped: true, allowed: false, totalCancels: 60,
                        courses: [.init(course: "10062", cancels: 12, registrants: 14)])
                    assembler.inputMovedTo = "rejected/x"
                    assembler.actions[0].status = .skipped
                    assembler.actions[0].note = "note"
                }
                let json = try JSONSerialization.jsonObject(with: assembler.assemble().jsonData())
                let problems = try checker.violations(of: json)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func schemaCheckerCatchesBrokenReports() throws {
        let checker = try ReportSchemaChecker(schemaURL: RepoPaths.reportSchema)
        var json = try #require(
            try JSONSerialization.jsonObject(with: ReportFixture.assembler().assemble().jsonData()) as? [String: Any])
        json["mode"] = "apply"
        json.removeValue(forKey: "inbox")
        json["surprise"] = true
        var actions = try #require(json["actions"] as? [[String: Any]])
        actions[0]["status"] = "done"
        json["actions"] = actions
        var files = try #require(json["input_files"] as? [[String: Any]])
        files[0]["sha256"] = "XYZ"
        json["input_files"] = files
        let problems = try checker.violations(of: json).joined(separator: "\n")
        #expect(problems.contains("$.mode"))
        #expect(problems.contains("missing required inbox"))
        #expect(problems.contains("unexpected key surprise"))
        #expect(problems.contains("$.actions[0].status"))
        #expect(problems.contains("$.input_files[0].sha256"))
    }

    @Test func schemaDocumentsEveryKeyTheEncoderWrites() throws {
        // Every key of a full report appears in the markdown documentation.
        let doc = try String(
            contentsOf: RepoPaths.root.appendingPathComponent("docs/report-schema.md"), encoding: .utf8)
        var assembler = ReportFixture.assembler()
        assembler.zoomImportFiles = [
            ReportImportFile(course: "10063", meetingID: 1, path: "zoom-import/x.csv", registrants: 1)
        ]
        assembler.fatal = LocalizedText(de: "Abbruch", en: "Stopped")
        assembler.massCancel = ReportMassCancel(
            tripped: true, allowed: false, totalCancels: 60,
            courses: [.init(course: "10062", cancels: 12, registrants: 14)])
        assembler.inputMovedTo = "archive/x"
        assembler.actions[0].note = "note"
        let json = try JSONSerialization.jsonObject(with: assembler.assemble().jsonData())
        var keys = Set<String>()
        func collect(_ value: Any) {
            if let dict = value as? [String: Any] {
                for (k, v) in dict {
                    keys.insert(k)
                    collect(v)
                }
            }
            if let array = value as? [Any] { array.forEach(collect) }
        }
        collect(json)
        let missing = keys.filter { !doc.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "undocumented keys: \(missing)")
    }
}

@Suite struct ReportHTMLTests {
    @Test func escapesEverythingFromTheData() {
        #expect(
            ReportHTML.escape("<a href=\"x\">O'B & C</a>") == "&lt;a href=&quot;x&quot;&gt;O&#39;B &amp; C&lt;/a&gt;")
        let html = ReportHTML.render(ReportFixture.assembler().assemble())
        #expect(html.contains("Hygiene &lt;Basics&gt; &amp; &quot;Praxis&quot; für O&#39;Brien"))
        #expect(!html.contains("<Basics>"))
        #expect(!html.contains("\"Praxis\""))
        #expect(html.contains("Jörg Müller, &quot;Doc&quot;"))
    }

    @Test func selfContainedAndPhoneReady() {
        let html = ReportHTML.render(ReportFixture.assembler().assemble())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        for external in ["<script", "<link", "src=", "@import", "url(", "http://", "https://"] {
            #expect(!html.contains(external), "found \(external)")
        }
    }

    @Test func inboxFirstThenChangesThenWarnings() throws {
        let html = ReportHTML.render(ReportFixture.assembler().assemble())
        let inbox = try #require(html.range(of: "id=\"inbox\""))
        let changes = try #require(html.range(of: "id=\"changes\""))
        let warnings = try #require(html.range(of: "id=\"warnings\""))
        #expect(inbox.lowerBound < changes.lowerBound && changes.lowerBound < warnings.lowerBound)
        let sentence = "Synchronisation des Kurses 10061 Narkose Grundschulung - Zoom-Webinar ist fehlgeschlagen."
        let at = try #require(html.range(of: sentence))
        #expect(at.lowerBound > inbox.lowerBound && at.lowerBound < changes.lowerBound)
        #expect(html.contains("Was ist zu tun:"))
        // Changes per course with their state and the deferred work's time (Berlin time).
        #expect(html.contains("Meeting angelegt"))
        #expect(html.contains("Termin verschoben"))
        #expect(html.contains("neu: 10.05.2027 13:00"))
        #expect(html.contains("Teilnehmer abgemeldet: Anna Storno, BN27-00161"))
        #expect(html.contains("Meeting gelöscht"))
        #expect(html.contains("Wird nachgeholt frühestens ab 07.04.2027 02:00"))
        // Warnings, after the changes.
        let umlaut = try #require(html.range(of: "E-Mail-Adresse enthält einen Umlaut"))
        #expect(umlaut.lowerBound > warnings.lowerBound)
    }

    @Test func englishPage() {
        let html = ReportHTML.render(ReportFixture.assembler(language: .en).assemble())
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("Synchronisation of course 10061"))
        #expect(html.contains("What to do:"))
        #expect(html.contains("Meeting created"))
        #expect(html.contains("Will be done not before 2027-04-07 02:00"))
        #expect(!html.contains("Posteingang"))
    }

    @Test func importFilesAreExplainedWithTheGuidesSteps() {
        var assembler = ReportFixture.assembler()
        assembler.zoomImportFiles = [
            ReportImportFile(
                course: "10063", meetingID: 87_000_000_001, path: "zoom-import/10063_87000000001.csv", registrants: 1)
        ]
        let html = ReportHTML.render(assembler.assemble())
        #expect(html.contains("<code>zoom-import/10063_87000000001.csv</code>"))
        #expect(html.contains("Aus CSV-Datei importieren"))
        // The inbox line of that course says what to do: import the file.
        #expect(
            assembler.assemble().inbox.first { $0.course == "10063" }?.hint?.contains(
                "zoom-import/10063_87000000001.csv") == true)
    }
}
