import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The hand reader of the state file's course lines (`StateFileCourseReader`) against
/// JSONDecoder: whenever it returns a course, it is the one JSONDecoder gives for the same line;
/// whatever it does not take it declines (nil), and `StateFile.read` decodes that line with
/// JSONDecoder as before.
@Suite("State file course reader: equal to JSONDecoder, declines everything else")
struct StateFileCourseReaderTests {
    static func foundation(_ line: ArraySlice<UInt8>) -> ManagedCourse? {
        try? StateStore.decoder().decode(ManagedCourse.self, from: Data(line))
    }

    /// The course lines `StateFile.write` writes for `state`, without their commas.
    static func lines(_ state: SyncState) -> [ArraySlice<UInt8>] {
        let all = [UInt8](StateFile.data(state)).split(separator: 0x0A, omittingEmptySubsequences: false)
        return all.dropFirst().filter { !$0.isEmpty && !$0.elementsEqual(StateFile.close) }.map {
            $0.last == UInt8(ascii: ",") ? $0.dropLast() : $0
        }
    }

    /// Generated courses: every optional field present or absent, every enum case (unknown Zoom
    /// numbers too), escapes, unicode and surrogate pairs in the texts, dates from 1601 to 9999.
    static func generated(seed: UInt64, count: Int) -> SyncState {
        var rng = SplitMix(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { rng.next() % 2 == 0 ? value() : nil }
        let texts = [
            "", "a", "Zeitmanagement im Büro – Grundkurs", "\"quoted\" \\ back/slash\r\n\t", "\u{01}\u{1F}\u{7F}",
            "Zoë 😀👩‍👩‍👧 \u{1F1E9}\u{1F1EA}", "e\u{301} vs é, ß, ẞ, 日本語, \u{2028}\u{FEFF}", "[SEMCO 10001]\nText",
        ]
        func text() -> String { pick(texts) + pick(["", "x", "/", "ä"]) }
        func date() -> Date {
            let seconds = Int64(rng.next() % UInt64(253_402_300_799 + 11_644_473_600)) - 11_644_473_600
            return Date(timeIntervalSince1970: Double(seconds))
        }
        let kinds: [MeetingKind] = [.meeting, .meetingSeries, .webinar, .webinarSeries, .other(zoomType: 3)]
        let frequencies: [RecurrenceFrequency] = [.daily, .weekly, .monthly, .other(zoomType: 0)]
        let approvals: [RegistrationApproval] = [.automatic, .manual, .noRegistration, .other(zoomType: -7)]
        let registrations: [SeriesRegistration] = [
            .onceForAllSessions, .eachSession, .onceChoosingSessions, .other(zoomType: 99),
        ]
        let phases: [ManagedCourse.Phase] = [.active, .closed, .deleted]
        let statuses: [ManagedRegistrant.Status] = [.registered, .cancelled, .pending, .handedToImport]
        var state = SyncState(lineage: "generated \(seed)")
        for index in 0..<count {
            var registrants: [String: ManagedRegistrant] = [:]
            for person in 0..<Int(rng.next() % 4) {
                let email = "p\(person)-\(pick(["a@b.de", "jörg@ü.example", "x/y@z"]))"
                registrants[email] = ManagedRegistrant(
                    email: pick([email, email.uppercased()]), firstName: text(), lastName: text(),
                    registrantID: maybe(text()), bookings: (0..<Int(rng.next() % 3)).map { "BN-\($0)\(text())" },
                    status: pick(statuses), joinURL: maybe("https://zoom.example/w/\(index)?tk=a/b"))
            }
            let sessions = (0..<Int(rng.next() % 3)).map { _ in
                Session(
                    day: CalendarDay(year: 1601 + Int(rng.next() % 8399), month: 2, day: 28),
                    from: LocalTime(minutes: Int(rng.next() % 1440)), to: LocalTime(minutes: Int(rng.next() % 1440)),
                    start: date(), end: date())
            }
            let recurrence = maybe(
                MeetingRecurrence(
                    frequency: pick(frequencies), repeatInterval: maybe(Int(rng.next() % 5)),
                    weekdays: maybe(Set(Weekday.allCases.filter { _ in rng.next() % 2 == 0 })),
                    endTimes: maybe(Int(rng.next() % 50)), endDateTime: maybe(date())))
            let settings = MeetingSettings(
                approval: maybe(pick(approvals)), registration: maybe(pick(registrations)),
                registrantsEmailNotification: maybe(rng.next() % 2 == 0),
                registrantsConfirmationEmail: maybe(rng.next() % 2 == 0), alternativeHosts: maybe("a@b.de;c@d.de"))
            let spec = MeetingSpec(
                topic: text(), agenda: text(), kind: pick(kinds), startTime: "2027-01-28T08:30:00",
                timezone: "Europe/Berlin", duration: Int(rng.next() % 600) - 5, recurrence: recurrence,
                sessions: sessions, settings: settings)
            let number = CourseNumber("\(10_000 + index)\(pick(["", "-ä", " Kurs/ä"]))")
            state[course: number] = ManagedCourse(
                number: number, phase: pick(phases), host: text(),
                meetingID: maybe(Int64(bitPattern: rng.next())),
                pendingCreate: maybe(PendingCreate(marker: "[SEMCO \(index)]", host: text(), recordedAt: date())),
                lastSent: maybe(spec), joinURL: maybe(text()), registrationURL: maybe(text()),
                registrants: registrants, goneSince: maybe(date()), hostChangedInZoom: maybe(date()),
                closedAt: maybe(date()), alternativeHosts: maybe((0..<Int(rng.next() % 3)).map { "h\($0)@x.de" }))
        }
        return state
    }

    static func states() -> [SyncState] {
        StateFileFormatTests.states() + (1...6).map { generated(seed: $0, count: 60) }
    }

    @Test("every course line StateFile.write writes: the reader takes it and equals JSONDecoder and the state")
    func writerOutput() throws {
        var taken = 0
        for state in Self.states() {
            for line in Self.lines(state) {
                let fast = try #require(StateFileCourseReader.course(line), "\(String(decoding: line, as: UTF8.self))")
                #expect(fast == Self.foundation(line))
                #expect(fast == state.courses[fast.number.rawValue])
                taken += 1
            }
        }
        #expect(taken > 300)
    }

    @Test("odd values (fractional dates, years outside 1601–9999, bad times): equal to JSONDecoder or declined")
    func oddStates() {
        for state in StateFileFormatTests.oddStates() {
            for line in Self.lines(state) {
                if let fast = StateFileCourseReader.course(line) {
                    #expect(fast == Self.foundation(line), "\(String(decoding: line, as: UTF8.self))")
                }
            }
        }
    }

    @Test("a state file read through the fast path equals the state written and JSONDecoder's whole document")
    func wholeFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("state.json").path
        for state in Self.states() {
            let data = StateFile.data(state)
            try data.write(to: URL(fileURLWithPath: path))
            let read = try StateFile.read(path: path)
            #expect(read == state)
            var expected = try StateStore.decoder().decode(SyncState.self, from: data)
            for key in expected.courses.keys { expected.courses[key]?.shareRegistrantKeys() }
            #expect(read == expected)
        }
    }

    // MARK: - Written differently, damaged

    @Test("shuffled keys, whitespace, unknown keys, nulls for absent optionals, \\u escapes and surrogate pairs")
    func rewritten() throws {
        var rng = SplitMix(seed: 99)
        var taken = 0
        var tried = 0
        for state in Self.states() {
            for line in Self.lines(state) {
                tried += 1
                let tree = try JSONDecoder().decode(LineWriter.JSON.self, from: Data(line))
                let text = LineWriter.write(tree, rng: &rng)
                let bytes = ArraySlice(Array(text.utf8))
                let expected = try #require(Self.foundation(bytes), "\(text)")
                if let fast = StateFileCourseReader.course(bytes) {
                    #expect(fast == expected, "\(text)")
                    taken += 1
                }
            }
        }
        // The writer writes neither `-0` nor `\u0000`: every line is taken.
        #expect(taken == tried)
    }

    @Test("declined: duplicates, fractions, exponents, -0, \\u0000, other date forms, BOM, deep nesting")
    func pinnedDeclines() {
        let base =
            #"{"host":"h","meetingID":7,"number":"1","phase":"active","registrants":{"a@b":{"bookings":["x"],"#
            + #""email":"a@b","firstName":"F","lastName":"L","status":"registered"}},"lastSent":{"agenda":"a","duration":5,"#
            + #""sessions":[{"day":"2027-01-28","end":"2027-01-28T11:00:00Z","from":"08:30","start":"2027-01-28T07:30:00Z","to":"12:00"}],"#
            + #""settings":{"approvalType":1,"registrantsConfirmationEmail":false},"startTime":"s","timezone":"z","topic":"t","type":8},"#
            + #""closedAt":"2027-04-06T08:26:40Z"}"#
        #expect(StateFileCourseReader.course(ArraySlice(Array(base.utf8))) != nil)
        let declined: [(String, String)] = [
            (#""meetingID":7"#, #""meetingID":7.0"#), (#""meetingID":7"#, #""meetingID":7e0"#),
            (#""meetingID":7"#, #""meetingID":-0"#), (#""meetingID":7"#, #""meetingID":7,"meetingID":8"#),
            (#""number":"1""#, #""number":"1","x":1,"x":2"#), (#""number":"1""#, #""number":"1","x":1.5"#),
            (#""F""#, #""a\u0000b""#), ("2027-04-06T08:26:40Z", "2027-04-06T08:26:40.000Z"),
            ("2027-04-06T08:26:40Z", "2027-04-06T09:26:40+01:00"), (#"{"host""#, "\u{FEFF}{\"host\""),
            (#""a@b":{"bookings""#, #""a@b":{},"a@b":{"bookings""#),
            (
                #""number":"1""#,
                #""number":"1","deep":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
            ),
            (#""type":8"#, #""type":8,"type":5"#), (#""firstName""#, #""firstNam\u00e9""#),
        ]
        for (old, new) in declined {
            let text = base.replacingOccurrences(of: old, with: new)
            #expect(text != base)
            #expect(StateFileCourseReader.course(ArraySlice(Array(text.utf8))) == nil, "\(text)")
        }
    }

    @Test("a series' weekdays: Zoom's text in the file, read equal to JSONDecoder; a text that is none is refused")
    func weeklyDays() throws {
        let line = { (text: String) in
            #"{"host":"h","number":"1","phase":"active","registrants":{},"lastSent":{"agenda":"a","duration":5,"#
                + #""recurrence":{"endTimes":3,"repeatInterval":1,"type":2,"weeklyDays":"\#(text)"},"sessions":[],"#
                + #""settings":{},"startTime":"s","timezone":"z","topic":"t","type":8}}"#
        }
        for (text, weekdays) in [("2,4", [Weekday.monday, .wednesday]), (" 4 ,2", [.monday, .wednesday]), ("", [])] {
            let bytes = ArraySlice(Array(line(text).utf8))
            let fast = try #require(StateFileCourseReader.course(bytes))
            #expect(fast == Self.foundation(bytes))
            #expect(fast.lastSent?.recurrence?.weekdays == Set(weekdays))
        }
        // Written back as Zoom's text, ascending: the bytes the file always had.
        let course = try #require(StateFileCourseReader.course(ArraySlice(Array(line(" 4 ,2").utf8))))
        let written = String(decoding: try StateFile.encoder().encode(course), as: UTF8.self)
        #expect(written.contains(#""recurrence":{"endTimes":3,"repeatInterval":1,"type":2,"weeklyDays":"2,4"}"#))

        let directory = try TemporaryDirectory()
        for text in ["2,9", "0", "Mo,Mi", "2,,4"] {
            let bytes = ArraySlice(Array(line(text).utf8))
            #expect(StateFileCourseReader.course(bytes) == nil, "\(text)")
            #expect(Self.foundation(bytes) == nil, "\(text)")
            let path = directory.url.appendingPathComponent("state.json").path
            let header = String(decoding: StateFile.data(SyncState()), as: UTF8.self).split(separator: "\n")[0]
            try Data((header + "\n" + line(text) + "\n]}\n").utf8).write(to: URL(fileURLWithPath: path))
            #expect {
                try StateFile.read(path: path)
            } throws: { error in
                let message = "\(error)"
                return message.contains("line 2") && message.contains("weeklyDays") && message.contains(text)
            }
        }
    }

    @Test("every prefix of a line declines; random byte changes give JSONDecoder's value or nil, never another")
    func damaged() {
        let state = Self.generated(seed: 4242, count: 8)
        let alphabet = Array("{}[],:\"\\ u0123456789-.eEtfnlr/aZ\u{7F}".utf8) + [0xC3, 0xA4, 0xFF, 0x0A]
        var rng = SplitMix(seed: 7)
        var answered = 0
        for line in Self.lines(state) {
            for cut in 0..<line.count {
                #expect(StateFileCourseReader.course(line.prefix(cut)) == nil, "cut \(cut)")
            }
            for _ in 0..<400 {
                var bytes = Array(line)
                rng.damage(&bytes, alphabet: alphabet)
                if let fast = StateFileCourseReader.course(ArraySlice(bytes)) {
                    answered += 1
                    #expect(fast == Self.foundation(ArraySlice(bytes)), "\(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        #expect(answered > 0)
    }

    @Test(
        "a real state file (STATE_READER_FILE): every course line taken by the reader, equal to JSONDecoder",
        .enabled(if: ProcessInfo.processInfo.environment["STATE_READER_FILE"] != nil))
    func realFile() throws {
        let path = ProcessInfo.processInfo.environment["STATE_READER_FILE"]!
        var lines = try LineReader(path: path)
        _ = try lines.next()
        var declined = 0
        var read = 0
        while var line = try lines.next() {
            if line.last == UInt8(ascii: ",") { line.removeLast() }
            guard line.first == UInt8(ascii: "{") else { continue }
            read += 1
            let fast = StateFileCourseReader.course(line)
            if fast == nil { declined += 1 }
            if read % 97 == 0 { #expect(fast == Self.foundation(line)) }
        }
        print("StateFileCourseReader on \(path): \(read) course lines, \(declined) declined")
        #expect(read > 0)
        #expect(declined == 0)
    }
}

/// Writes a course line's JSON again another way: shuffled keys, whitespace, unknown keys, and
/// strings with random `\u` escapes (surrogate pairs for non-BMP scalars) and `\/`.
enum LineWriter {
    /// A JSON value as parsed, for writing it again.
    indirect enum JSON: Decodable {
        case object([String: JSON])
        case array([JSON])
        case string(String)
        case int(Int64)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let b = try? single.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? single.decode(Int64.self) {
                self = .int(i)
            } else if let s = try? single.decode(String.self) {
                self = .string(s)
            } else if let a = try? single.decode([JSON].self) {
                self = .array(a)
            } else {
                self = .object(try single.decode([String: JSON].self))
            }
        }
    }

    /// `dictionary`: the object is the model's dictionary (registrants), whose keys are data:
    /// no unknown keys there. `unknown`: the value is an unknown key's, which gets none either.
    static func write(_ value: JSON, rng: inout SplitMix, dictionary: Bool = false, unknown: Bool = false) -> String {
        func space() -> String { ["", " ", "\t", "\r\n  "][Int(rng.next() % 4)] }
        switch value {
        case .object(let object):
            var pairs = object.map { ($0.key, $0.value) }
            if !dictionary, !unknown, rng.next() % 2 == 0 {
                pairs.append(
                    (
                        "zzUnknown",
                        .object(["a": .array([.int(1), .null, .bool(true), .string("x\u{1F600}")]), "b": .object([:])])
                    ))
                pairs.append(("unknownNull", .null))
                pairs.append(("unknownNumber", .int(-12)))
            }
            pairs.shuffle(using: &rng)
            let body = pairs.map { key, child in
                string(key, rng: &rng) + space() + ":" + space()
                    + write(
                        child, rng: &rng, dictionary: !dictionary && key == "registrants",
                        unknown: unknown || key.hasPrefix("zz"))
            }
            return "{" + space() + body.joined(separator: space() + "," + space()) + space() + "}"
        case .array(let array):
            return "[" + space() + array.map { write($0, rng: &rng, unknown: unknown) }.joined(separator: space() + ",")
                + "]"
        case .string(let text): return string(text, rng: &rng)
        case .int(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    static func string(_ text: String, rng: inout SplitMix) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += rng.next() % 2 == 0 ? "\\/" : "/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value >= 0x7F || rng.next() % 4 == 0 {
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        out +=
                            "\\u" + String(repeating: "0", count: 4 - hex.count)
                            + (rng.next() % 2 == 0 ? hex : hex.uppercased())
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
