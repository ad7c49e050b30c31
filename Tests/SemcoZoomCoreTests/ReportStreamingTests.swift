import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// report.json and report.html are streamed into their files (ReportJSON.swift, ReportHTML).
/// These tests hold report.json to JSONEncoder's encoding of the whole document, one action a
/// line, and report.html to the bytes of the String-building renderer (`LegacyReportHTML`).
enum StreamingFixture {
    /// Everything a JSON or HTML escaper has to get right.
    static let nasty =
        "Quote \" backslash \\ slash / tab \t newline \n return \r bs \u{08} ff \u{0C} nul \u{00} bell \u{07} "
        + "us \u{1F} del \u{7F} ls \u{2028} nel \u{85} Umlaute äöüÄÖÜß € 😀 e\u{301} <b>&amp;</b> O'Brien"

    /// Dates around every edge of the ISO 8601 writer: fractions (rounded down), before 1970,
    /// leap days, centuries, the years 1600 and 9999, and Foundation's distant dates.
    static var dates: [Date] {
        var list: [TimeInterval] = [
            0, 0.4, 0.5, 0.999_999, -0.5, -1, -86_400.5, 1_807_000_000.123, 951_782_400, 951_868_799.75,
            4_102_444_800, 253_402_300_799.9, 253_402_300_800, -11_676_096_000, -11_676_096_000.5,
            -62_135_596_800, 1e-9, -1e-9,
        ]
        var seed: UInt64 = 0x5EC0_200D
        for _ in 0..<300 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            list.append(TimeInterval(Int64(bitPattern: seed >> 1) % 8_000_000_000_000) / 1000)
        }
        return list.map { Date(timeIntervalSince1970: $0) } + [.distantFuture, .distantPast]
    }

    /// The report fixture, assembled, with every optional part set.
    static func full(language: Language, mode: ReportDocument.Mode) -> ReportDocument {
        var assembler = ReportFixture.assembler(language: language, mode: mode)
        assembler.zoomImportFiles = [
            ReportImportFile(
                course: "10063", meetingID: 87_000_000_001, path: "zoom-import/10063_87000000001.csv", registrants: 1),
            ReportImportFile(course: "10064", meetingID: nil, path: "zoom-import/10064.csv", registrants: 2),
        ]
        assembler.files = ["report.html", "report.json", "semco-import/kurse.csv"]
        assembler.fatal = LocalizedText(de: "Abbruch: \(nasty)", en: "Stopped: \(nasty)")
        assembler.massCancel = ReportMassCancel(
            tripped: true, allowed: mode == .sync, totalCancels: 60,
            courses: [.init(course: "10062", cancels: 12, registrants: 14)])
        assembler.inputMovedTo = "archive/20270406-084640-ab12"
        assembler.actions[0].note = "note with \"quotes\""
        return assembler.assemble()
    }

    /// Every kind of value in odd shapes: nil and empty everywhere, control characters,
    /// courses whose actions are not neighbours, non-numeric course numbers.
    static var odd: ReportDocument {
        var counts = ReportCounts()
        counts.courses = 4
        counts.actionsPlanned = 123_456
        counts.warnings = -1
        let full = ReportAction(
            course: "9", booking: "BN/1 \"x\"", participant: nasty, kind: .updateMeeting, status: .failed,
            reason: nasty, meetingID: 9_223_372_036_854_775_807, occurrenceStart: Date(timeIntervalSince1970: -0.25),
            newStartTime: "2027-05-10T13:00:00", changedFields: ["topic", "start_time", nasty], zoomCode: 3000,
            httpStatus: 400, error: "HTTP 400 \\ \(nasty)", notBefore: Date(timeIntervalSince1970: 1_807_056_000.999),
            note: nasty)
        let bare = ReportAction(course: "10", kind: .other, status: .deferred, reason: "", changedFields: [])
        var actions = [full, bare, full, bare]
        actions[1].course = "abc"
        actions[2].course = "10"
        actions[2].status = .deferred
        actions[2].zoomCode = 429
        actions[2].error = "no code named here"
        actions[3].participant = ""
        actions[3].booking = "BN-3"
        actions += dates.enumerated().map { index, date in
            ReportAction(
                course: index % 2 == 0 ? "9" : "abc", kind: .moveOccurrence, status: .planned, reason: "r",
                occurrenceStart: date, notBefore: date)
        }
        return ReportDocument(
            runID: "run/\(nasty)", mode: .sync, language: .de, timeZone: "Not/AZone",
            startedAt: Date(timeIntervalSince1970: 0.5),
            finishedAt: Date(timeIntervalSince1970: 1_807_000_042.75), exitCode: -1,
            inputFiles: [ReportInputFile(kind: "bookings", path: "drop/\(nasty).csv", format: "csv", sha256: "")],
            counts: counts,
            courses: [
                ReportCourse(number: "9", title: nasty, meetingID: 1, result: .failed),
                ReportCourse(number: "10", title: "", result: .deferred),
                ReportCourse(number: "abc", title: "ä", meetingID: nil, result: .ok),
                ReportCourse(number: "11", title: "no actions", result: .ok),
            ],
            actions: actions,
            diagnostics: [
                ReportDiagnostic(code: "x.y", severity: .warning, message: nasty),
                ReportDiagnostic(
                    code: "a", severity: .info, course: "9", booking: "B", message: "m", hint: nasty,
                    source: ReportSource(file: nasty, line: 0, elementPath: "/a[1]")),
                ReportDiagnostic(
                    code: "e", severity: .error, course: "9", message: "m", source: ReportSource(file: "f")),
            ],
            inbox: [
                ReportInboxEntry(course: "9", title: nasty, message: nasty, lastError: nasty, hint: nil, errors: []),
                ReportInboxEntry(
                    course: "10", title: "", message: "", lastError: "", hint: "", errors: [nasty, "", "b"]),
            ],
            zoomImportFiles: [
                ReportImportFile(course: "11", meetingID: nil, path: "zoom-import/11.csv", registrants: 3)
            ],
            files: [], fatal: nil,
            massCancel: ReportMassCancel(tripped: false, allowed: false, totalCancels: 0, courses: []),
            inputMovedTo: nil)
    }

    static var empty: ReportDocument {
        ReportDocument(
            runID: "r", mode: .plan, language: .en, timeZone: "UTC", startedAt: Date(timeIntervalSince1970: 0),
            finishedAt: Date(timeIntervalSince1970: 0), exitCode: 0)
    }

    /// A plan night in small: many courses with many registrant adds, some deferred.
    static func large(courses: Int, perCourse: Int) -> ReportDocument {
        var actions: [ReportAction] = []
        var reportCourses: [ReportCourse] = []
        for c in 0..<courses {
            let number = String(20_000 + c)
            reportCourses.append(
                ReportCourse(
                    number: number, title: "Kurs \(number) – Grundlagen für Ärzte", result: c % 7 == 0 ? .deferred : .ok
                ))
            actions.append(
                ReportAction(
                    course: number, kind: .createMeeting, status: c % 7 == 0 ? .deferred : .planned,
                    reason: "Course synced for the first time",
                    notBefore: c % 7 == 0 ? Date(timeIntervalSince1970: 1_807_056_000) : nil))
            for b in 0..<perCourse {
                actions.append(
                    ReportAction(
                        course: number, booking: "BN27-\(c)-\(b)", participant: "Jörg Müller-\(b)",
                        kind: .addRegistrant,
                        status: .planned, reason: "New booking"))
            }
        }
        return ReportDocument(
            runID: "20270406-084640-ab12", mode: .plan, language: .en, timeZone: "Europe/Berlin",
            startedAt: ReportFixture.started, finishedAt: ReportFixture.finished, exitCode: 2,
            courses: reportCourses, actions: actions)
    }

    static var all: [(String, ReportDocument)] {
        var list: [(String, ReportDocument)] = []
        for language in Language.allCases {
            for mode in ReportDocument.Mode.allCases {
                list.append(
                    ("fixture \(language) \(mode)", ReportFixture.assembler(language: language, mode: mode).assemble()))
                list.append(("full \(language) \(mode)", full(language: language, mode: mode)))
            }
        }
        list.append(("odd", odd))
        list.append(("empty", empty))
        list.append(("large", large(courses: 30, perCourse: 20)))
        return list
    }
}

@Suite struct ReportStreamingTests {
    /// The file is JSONEncoder's encoding of the whole document with line breaks added: one
    /// before each action and one before the `]` after them, and one at the end.
    @Test func reportJSONIsTheEncodersDocumentWithOneActionALine() throws {
        let encoder = ReportDocument.makeEncoder()
        for (name, document) in StreamingFixture.all {
            let data = try document.jsonData()
            #expect(data.filter { $0 != 0x0A } == (try encoder.encode(document)), "\(name)")
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.removeLast() == "", "\(name): ends with a line break")
            if document.actions.isEmpty {
                #expect(lines.count == 1 && lines[0].hasPrefix(#"{"actions":[],"counts":{"#), "\(name)")
                continue
            }
            #expect(lines.count == document.actions.count + 2, "\(name)")
            #expect(lines.first == #"{"actions":["#, "\(name)")
            #expect(lines.last?.hasPrefix(#"],"counts":{"#) == true, "\(name)")
            for (index, line) in lines.dropFirst().dropLast().enumerated() {
                let text = index < document.actions.count - 1 ? line.dropLast() : line[...]
                #expect(index == document.actions.count - 1 || line.last == ",", "\(name): line \(index)")
                let expected = try encoder.encode(document.actions[index])
                #expect(Data(text.utf8) == expected, "\(name): action \(index)")
            }
        }
    }

    @Test func reportJSONDecodesToTheSameDocumentAndMeetsTheSchema() throws {
        let checker = try ReportSchemaChecker(schemaURL: RepoPaths.reportSchema)
        for (name, document) in StreamingFixture.all where name.hasPrefix("full") || name.hasPrefix("fixture") {
            let data = try document.jsonData()
            #expect(try ReportDocument.makeDecoder().decode(ReportDocument.self, from: data) == document, "\(name)")
            let problems = try checker.violations(of: JSONSerialization.jsonObject(with: data))
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    /// Dates are the encoder's `.iso8601`: UTC, whole seconds.
    @Test func datesAreISO8601UTCInWholeSeconds() throws {
        let action = ReportAction(
            course: "1", kind: .moveOccurrence, status: .planned, reason: "",
            occurrenceStart: Date(timeIntervalSince1970: 1_807_000_000.75), notBefore: Date(timeIntervalSince1970: 0))
        let line = String(decoding: try ReportDocument.makeEncoder().encode(action), as: UTF8.self)
        #expect(line.contains(#""occurrence_start":"2027-04-06T08:26:40Z""#), "\(line)")
        #expect(line.contains(#""not_before":"1970-01-01T00:00:00Z""#), "\(line)")
    }

    @Test func streamedHTMLIsByteForByteTheOldPage() {
        for (name, document) in StreamingFixture.all {
            let expected = LegacyReportHTML.render(document)
            let streamed = ReportHTML.render(document)
            if streamed != expected {
                let prefix = zip(expected, streamed).prefix { $0 == $1 }.count
                Issue.record(
                    "\(name): differs at character \(prefix): old …\(expected.dropFirst(max(0, prefix - 80)).prefix(160))… streamed …\(streamed.dropFirst(max(0, prefix - 80)).prefix(160))…"
                )
            }
        }
    }

    @Test func escapeIsTheOldEscape() {
        let samples = [StreamingFixture.nasty, "", "&", "<<>>", "plain", "'\"'", "ä&ö"]
        for sample in samples {
            #expect(ReportHTML.escape(sample) == LegacyReportHTML.escape(sample))
        }
    }

    /// A report larger than the file buffer: written through it in many pieces, it is still
    /// the same bytes, owner-only, with no temporary file left.
    @Test func writeReportStreamsLargeReportsIntoOwnerOnlyFiles() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let out = tmp.url.appendingPathComponent("out")
        let document = StreamingFixture.large(courses: 40, perCourse: 60)
        let previous = umask(0o022)
        defer { umask(previous) }
        try OutputWriter.writeReport(document, to: out)
        let json = try Data(contentsOf: out.appendingPathComponent("report.json"))
        #expect(json.count > 4 << 16)
        #expect(json == (try document.jsonData()))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html == LegacyReportHTML.render(document))
        for name in ["report.json", "report.html"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as! NSNumber).intValue & 0o777 == 0o600, "\(name)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["report.html", "report.json"])
    }

    @Test func aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws {
        struct Stop: Error {}
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("report.json")
        try OwnerOnlyFiles.write("old\n", to: file)
        #expect(throws: Stop.self) {
            try OwnerOnlyFiles.write(to: file) { out in
                for _ in 0..<10_000 { out.append("0123456789abcdef") }  // more than one buffer
                throw Stop()
            }
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["report.json"])
    }

    @Test func byteOutputFlushesInPiecesAndKeepsEveryByte() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let file = tmp.url.appendingPathComponent("bytes")
        var expected: [UInt8] = []
        try OwnerOnlyFiles.write(to: file) { out in
            for i in 0..<5_000 {
                out.append("line ")
                out.append(decimal: i - 2_500)
                out.append(UInt8(ascii: " "))
                out.append("ä\(i)")
                out.append(UInt8(ascii: "\n"))
                expected += Array("line \(i - 2_500) ä\(i)\n".utf8)
            }
            let block = [UInt8](repeating: 0x41, count: 70_000)  // larger than the buffer: written directly
            block.withUnsafeBytes { out.append(bytes: $0) }
            expected += block
        }
        #expect(try Data(contentsOf: file) == Data(expected))
    }

    /// The looked-up kind names give what converting them character by character gave.
    @Test func actionKindsByDescriptionNameMatchTheConversion() {
        var names = [
            "addRegistrants", "other", "create_meeting", "", "Create", "unknownKind", "handToImport", "forgetMeeting",
        ]
        for kind in ReportAction.Kind.allCases {
            let parts = kind.rawValue.split(separator: "_")
            names.append(
                String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
        }
        for name in names {
            #expect(
                ReportAction.Kind(descriptionKind: name) == ReportAction.Kind(
                    rawValue: ReportAction.Kind.snakeCased(name)) ?? .other, "\(name)")
        }
        #expect(ReportAction.Kind(descriptionKind: "moveOccurrence") == .moveOccurrence)
        #expect(ReportAction.Kind(descriptionKind: "addRegistrants") == .other)
    }

    @Test func courseNumbersInOrderMatchSorted() {
        let numbers: Set<CourseNumber> = ["10", "9", "abc", "010", "2", "Z", "100", "-3", "", "10061", "ä"]
        #expect(ReportAssembler.inOrder(numbers) == numbers.sorted())
    }

    /// A run's rows are made in course order, and they are the rows made source by source in
    /// the run's order (actions, deferred work, hand-overs) and then sorted, as before.
    @Test func runRowsAreMadeInCourseOrder() {
        var outcomes = [ReportFromRunOutcomeTests.outcome(), ReportBatchRegistrationTests.outcome()]
        for var outcome in outcomes {
            outcome.actions.reverse()
            outcome.deferred.reverse()
            outcome.handedToImport.reverse()
            outcomes.append(outcome)
        }
        for outcome in outcomes {
            func rows(_ outcome: RunOutcome) -> [ReportAction] {
                OutputWriter.assembler(
                    for: outcome, state: ReportFixture.state, language: .en, timeZone: "Europe/Berlin",
                    courseTitles: [:]
                ).actions
            }
            var runOrder: [ReportAction] = []
            var single = outcome
            single.deferred = []
            single.handedToImport = []
            for action in outcome.actions {
                single.actions = [action]
                runOrder += rows(single)
            }
            single.actions = []
            for work in outcome.deferred {
                single.deferred = [work]
                runOrder += rows(single)
            }
            single.deferred = []
            for handoff in outcome.handedToImport {
                single.handedToImport = [handoff]
                runOrder += rows(single)
            }

            let made = rows(outcome)
            #expect(Set(made.map(\.course)).count > 1)
            #expect(ReportAssembler.courseOrder(made.map(\.course)) == nil)
            #expect(made == ReportAssembler.inCourseOrder(runOrder))
        }
    }

    /// The order of actions is the one the old sort of (offset, action) pairs gave.
    @Test func actionsInCourseOrderMatchTheOldSort() {
        let courses = ["10", "9", "abc", "10", "010", "9", "2", "abc", "Z", "100", "9", "-3", "10"]
        var actions: [ReportAction] = []
        for (index, course) in courses.enumerated() {
            actions.append(
                ReportAction(course: course, booking: "B\(index)", kind: .addRegistrant, status: .planned, reason: ""))
        }
        func oldOrder(_ actions: [ReportAction]) -> [ReportAction] {
            actions.enumerated().sorted { a, b in
                let ca = CourseNumber(a.element.course)
                let cb = CourseNumber(b.element.course)
                if ca != cb { return ca < cb }
                return a.offset < b.offset
            }.map(\.element)
        }
        #expect(ReportAssembler.inCourseOrder(actions) == oldOrder(actions))
        let sorted = oldOrder(actions)
        #expect(ReportAssembler.inCourseOrder(sorted) == sorted)
        #expect(ReportAssembler.inCourseOrder([]) == [])
        let large = StreamingFixture.large(courses: 50, perCourse: 3).actions
        var shuffled = large
        var seed: UInt64 = 42
        for i in shuffled.indices.reversed() where i > 0 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1
            shuffled.swapAt(i, Int(seed >> 33) % (i + 1))
        }
        #expect(ReportAssembler.inCourseOrder(shuffled) == oldOrder(shuffled))
        #expect(ReportAssembler.inCourseOrder(large) == large)
    }
}
