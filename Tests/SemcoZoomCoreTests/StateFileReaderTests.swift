import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The hand-written state file reader (`StateFileReader`) against JSONDecoder: whenever it returns
/// a state, it is the one JSONDecoder gives; whatever it does not take goes to JSONDecoder, so
/// `StateStore.decode` throws exactly what it threw before.
@Suite("State file reader: equal to JSONDecoder, falls back for everything else")
struct StateFileReaderTests {
    static let store = StateStore(url: URL(fileURLWithPath: "/tmp/semco-zoom-reader-test/state.json"))

    // MARK: - States with every field, optional and enum case

    static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    static func spec(recurrence: ZoomRecurrence?, settings: ZoomMeetingSettings, topic: String) -> MeetingSpec {
        let day = CalendarDay(year: 2027, month: 1, day: 28)
        let sessions = [
            Session(
                day: day, from: LocalTime(hour: 8, minute: 30), to: LocalTime(hour: 12, minute: 0),
                start: date("2027-01-28T07:30:00Z"), end: date("2027-01-28T11:00:00Z")),
            Session(
                day: CalendarDay(year: 2028, month: 2, day: 29), from: LocalTime(hour: 0, minute: 0),
                to: LocalTime(hour: 23, minute: 59), start: date("2028-02-28T23:00:00Z"),
                end: date("2028-02-29T22:59:00Z")),
        ]
        return MeetingSpec(
            topic: topic, agenda: "[SEMCO 10001]\n\(topic)\r\n\t\"quoted\" \\ back/slash", type: 8,
            startTime: "2027-01-28T08:30:00", timezone: "Europe/Berlin", duration: 210, recurrence: recurrence,
            sessions: sessions, settings: settings)
    }

    static func registrants() -> [String: ManagedRegistrant] {
        [
            "jörg.müller@beispiel.example": ManagedRegistrant(
                email: "jörg.müller@beispiel.example", firstName: "Jörg", lastName: "Müller-Lüdenscheidt",
                registrantID: "r1",
                bookings: ["BN27-00012", "BN27-00013"], status: .registered, joinURL: "https://zoom.example/w/1?tk=a/b"),
            "emoji@example.org": ManagedRegistrant(
                email: "emoji@example.org", firstName: "Zoë 😀👩‍👩‍👧", lastName: "O'Brien \"Bob\" \\ \u{01}\u{1F}\u{7F}",
                bookings: [], status: .cancelled),
            "import@example.org": ManagedRegistrant(
                email: "import@example.org", firstName: "", lastName: "e\u{301} vs é, ß, ẞ, 日本語, \u{2028}\u{FEFF}",
                registrantID: nil, bookings: ["X"], status: .handedToImport, joinURL: nil),
        ]
    }

    static func states() -> [SyncState] {
        var states: [SyncState] = [
            SyncState(lineage: "empty"), SyncState(lineage: "", serial: -3, updatedAt: date("1970-01-01T00:00:00Z")),
        ]
        var full = SyncState(
            lineage: "8c1e3a52-4f0b-4a57-9f77-3f1b0c2a9d11", serial: 4_711, updatedAt: date("2027-04-06T08:26:40Z"),
            dailyWrites: DailyWriteLedger(
                day: CalendarDay(year: 2027, month: 4, day: 6),
                perHost: ["a@b.de": 99, "ö@ü.de": 0, "neg@x.de": -1]))
        full[course: "10001"] = ManagedCourse(
            number: "10001", phase: .active, host: "uwe.nguyen@akademie-nord.example", meetingID: 80_547_540_659,
            pendingCreate: nil,
            lastSent: spec(
                recurrence: ZoomRecurrence(
                    type: 2, repeatInterval: 1, weeklyDays: "2,4,6", endTimes: 9, endDateTime: nil),
                settings: ZoomMeetingSettings(
                    approvalType: 1, registrationType: 1, registrantsEmailNotification: false,
                    registrantsConfirmationEmail: true),
                topic: "Zeitmanagement im Büro – Grundkurs"),
            joinURL: "http://127.0.0.1:36149/j/80547540659?pwd=i6R8",
            registrationURL: "https://zoom.example/meeting/register/x",
            registrants: registrants(), goneSince: nil,
            alternativeHosts: ["b.co@akademie-nord.example", "k.wolf@akademie-nord.example"])
        full[course: "10002"] = ManagedCourse(
            number: "10002", phase: .closed, host: "h@x.de", meetingID: Int64.max,
            pendingCreate: PendingCreate(
                marker: "[SEMCO 10002]", host: "h@x.de", recordedAt: date("2027-12-31T23:59:59Z")),
            lastSent: spec(
                recurrence: ZoomRecurrence(type: 1, endDateTime: date("2099-06-30T12:00:00Z")),
                settings: ZoomMeetingSettings(), topic: "Kurs 😀 \u{1F1E9}\u{1F1EA}"),
            joinURL: nil, registrationURL: nil, registrants: [:], goneSince: date("2026-11-29T09:58:48Z"),
            closedAt: date("2027-01-02T03:04:05Z"))
        full[course: "10003"] = ManagedCourse(
            number: "10003", phase: .deleted, host: "", meetingID: nil,
            pendingCreate: PendingCreate(marker: "", host: "", recordedAt: date("2001-01-01T00:00:00Z")),
            lastSent: spec(recurrence: nil, settings: ZoomMeetingSettings(approvalType: 0), topic: ""),
            goneSince: nil, closedAt: date("1999-12-31T23:59:59Z"), alternativeHosts: [])
        full[course: "A-7 Kurs/ä"] = ManagedCourse(
            number: "A-7 Kurs/ä", host: "x@y.z", meetingID: -5, registrants: registrants())
        full[course: "weird"] = ManagedCourse(number: "not the key", phase: .active, host: "h", meetingID: 0)
        states.append(full)
        var noLedger = full
        noLedger.dailyWrites = DailyWriteLedger(day: CalendarDay(year: 9999, month: 12, day: 31))
        noLedger.updatedAt = nil
        noLedger.format = 0
        states.append(noLedger)
        return states
    }

    static func encoded(_ state: SyncState) -> Data { try! StateStore.encoder().encode(state) }

    static func foundation(_ data: Data) -> SyncState? { try? StateStore.decoder().decode(SyncState.self, from: data) }

    /// Both ways through `StateStore.decode`, for comparing outcomes (value or error).
    static func outcomes(_ data: Data) -> (
        fast: Result<SyncState, StateStoreError>, before: Result<SyncState, StateStoreError>
    ) {
        (
            Result { () throws(StateStoreError) in try store.decode(data) },
            Result { () throws(StateStoreError) in try store.decodeWithFoundation(data) }
        )
    }

    @Test(
        "states with every field, optional and enum case: the reader takes the encoder's output and equals JSONDecoder")
    func encoderOutput() {
        for state in Self.states() {
            let data = Self.encoded(state)
            let fast = StateFileReader.read(data)
            #expect(fast != nil)
            #expect(fast == state)
            #expect(fast == Self.foundation(data))
        }
    }

    // MARK: - The same documents written differently

    /// A JSON value as parsed, for writing it again another way.
    indirect enum JSON: Decodable, Equatable {
        case object([String: JSON])
        case array([JSON])
        case string(String)
        case int(Int64)
        case double(Double)
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
            } else if let d = try? single.decode(Double.self) {
                self = .double(d)
            } else if let s = try? single.decode(String.self) {
                self = .string(s)
            } else if let a = try? single.decode([JSON].self) {
                self = .array(a)
            } else {
                self = .object(try single.decode([String: JSON].self))
            }
        }
    }

    /// How to write a document again: compact or not, shuffled keys, unknown keys, escapes.
    struct Writer {
        var rng: SplitMix
        var shuffle = true
        var unknownKeys = false
        var escapeAll = false
        var whitespace = false

        mutating func space() -> String {
            guard whitespace else { return "" }
            return ["", " ", "\n", "\t", "\r\n  "][Int(rng.next() % 5)]
        }

        mutating func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "/": out += rng.next() % 2 == 0 ? "\\/" : "/"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 || (escapeAll && (scalar.value >= 0x7F || rng.next() % 4 == 0)) {
                        for unit in String(scalar).utf16 {
                            let hex =
                                String(repeating: "0", count: 4 - String(unit, radix: 16).count)
                                + String(unit, radix: 16)
                            out += "\\u" + (rng.next() % 2 == 0 ? hex : hex.uppercased())
                        }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }

        /// `dictionary`: the object is one of the model's dictionaries (courses, registrants,
        /// perHost), whose keys are data: no unknown keys there.
        mutating func write(_ value: JSON, dictionary: Bool = false) -> String {
            switch value {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return "\(i)"
            case .double(let d): return "\(d)"
            case .string(let s): return string(s)
            case .array(let items):
                return "[" + space() + items.map { write($0) }.joined(separator: space() + "," + space()) + space()
                    + "]"
            case .object(let members):
                var pairs = members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                if unknownKeys, !dictionary {
                    pairs.append(
                        (
                            "zzUnknown",
                            .object([
                                "a": .array([.int(1), .null, .bool(true), .string("x\u{1F600}")]), "b": .object([:]),
                            ])
                        ))
                    pairs.append(("aUnknown", .array([])))
                    pairs.append(("unknownNull", .null))
                    pairs.append(("unknownNumber", .int(-12)))
                }
                if shuffle { pairs.shuffle(using: &rng) }
                let body = pairs.map { pair -> String in
                    // Unknown values get no unknown keys of their own.
                    let known = unknownKeys
                    if pair.0.contains("nknown") { unknownKeys = false }
                    defer { unknownKeys = known }
                    let childIsDictionary = !dictionary && ["courses", "registrants", "perHost"].contains(pair.0)
                    return string(pair.0) + space() + ":" + space() + write(pair.1, dictionary: childIsDictionary)
                }
                return "{" + space() + body.joined(separator: space() + "," + space()) + space() + "}"
            }
        }
    }

    @Test(
        "compact, shuffled keys, other whitespace, unknown keys, escapes and \\u surrogate pairs: equal to JSONDecoder")
    func rewritten() throws {
        var seed: UInt64 = 1
        for state in Self.states() {
            let tree = try JSONDecoder().decode(JSON.self, from: Self.encoded(state))
            for variant in 0..<8 {
                seed += 1
                var writer = Writer(
                    rng: SplitMix(seed: seed), shuffle: variant != 0, unknownKeys: variant & 1 == 1,
                    escapeAll: variant & 2 == 2, whitespace: variant & 4 == 4)
                let data = Data(writer.write(tree).utf8)
                let fast = StateFileReader.read(data)
                #expect(fast != nil, "variant \(variant)")
                #expect(fast == state, "variant \(variant)")
                #expect(fast == Self.foundation(data), "variant \(variant)")
            }
        }
    }

    @Test("a registrant's address keeps its own bytes when the key is the same address in another case or spelling")
    func addressSharedWithKeyOnlyWhenByteEqual() throws {
        // NFC "ö" in the key, NFD "o" + U+0308 in the address: equal as Swift strings, not as bytes.
        let nfc = "j\u{F6}rg@x.example"
        let nfd = "jo\u{308}rg@x.example"
        #expect(nfc == nfd)
        let document = """
            {"format":1,"lineage":"l","serial":0,"courses":{"1":{"number":"1","phase":"active","host":"h","registrants":{
            "\(nfc)":{"email":"\(nfd)","firstName":"J","lastName":"M","bookings":["1"],"status":"registered"},
            "anna@x.example":{"email":"Anna@x.example","firstName":"A","lastName":"S","bookings":["2"],"status":"registered"},
            "rita@x.example":{"email":"rita@x.example","firstName":"R","lastName":"D","bookings":["3"],"status":"registered"}}}}}
            """
        let read = try #require(StateFileReader.read(Data(document.utf8)))
        let registrants = try #require(read.courses["1"]?.registrants)
        let emails = registrants.values.map { Array($0.email.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(
            emails
                == [Array("Anna@x.example".utf8), Array(nfd.utf8), Array("rita@x.example".utf8)]
                .sorted { $0.lexicographicallyPrecedes($1) })
        #expect(read == Self.foundation(Data(document.utf8)))
    }

    @Test("optional fields null or missing, unknown keys of every kind, leading and trailing whitespace")
    func nullsAndMissing() {
        let document = """
             \r\n\t{"format":1,"lineage":"l","serial":0,"updatedAt":null,"dailyWrites":null,"x":{"y":[[],{}],"z":"\\u00e4"},
              "courses":{"1":{"number":"1","phase":"active","host":"h","meetingID":null,"pendingCreate":null,"lastSent":null,
                "joinURL":null,"registrationURL":null,"goneSince":null,"closedAt":null,"registrants":{"a@b":{"email":"a@b","firstName":"A",
                "lastName":"B","registrantID":null,"bookings":["1"],"status":"registered","joinURL":null,"extra":false}}},
              "2":{"number":"2","phase":"closed","host":"h","closedAt":"2027-12-11T10:11:12Z","registrants":{},"lastSent":{"topic":"t","agenda":"a","type":2,
                "startTime":"s","timezone":"z","duration":0,"recurrence":{"type":1,"repeatInterval":null,"weeklyDays":null,
                "endTimes":null,"endDateTime":null},"sessions":[],"settings":{"approvalType":null,"registrationType":null,
                "registrantsEmailNotification":null,"registrantsConfirmationEmail":null,"other":1}}},
              "3":{"number":"3","phase":"deleted","host":"h","registrants":{},"lastSent":{"topic":"t","agenda":"a","type":2,
                "startTime":"s","timezone":"z","duration":-0,"sessions":[],"settings":{}}}},"z":-0}\t\n
            """
        // `-0` is left to JSONDecoder: the first document only once it is gone.
        let withoutMinusZero = document.replacingOccurrences(of: "-0", with: "0")
        for text in [document, withoutMinusZero] {
            let data = Data(text.utf8)
            let expected = Self.foundation(data)
            #expect(expected != nil)
            let fast = StateFileReader.read(data)
            #expect(fast == (text == document ? nil : expected))
            #expect(Self.outcomes(data).fast == Self.outcomes(data).before)
        }
    }

    @Test("dates from 1601 to 9999 read as JSONDecoder reads them; other forms go to JSONDecoder")
    func dates() {
        var rng = SplitMix(seed: 42)
        var texts = [
            "1601-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T12:34:56Z", "2001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "2027-03-28T01:00:00Z", "2027-10-31T02:30:00Z",
        ]
        for _ in 0..<300 {
            let seconds = Int64(rng.next() % UInt64(253_402_300_799 + 11_644_473_600)) - 11_644_473_600
            texts.append(Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601))
        }
        let other = [
            "2027-01-28T07:30:00.000Z", "2027-01-28T08:30:00+01:00", "2027-01-28 07:30:00Z", "2027-02-30T00:00:00Z",
            "2027-01-28T24:00:00Z", "2027-01-28T07:60:00Z", "2027-01-28T07:30:60Z", "1600-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z", "2027-01-28t07:30:00z", "2027-1-28T07:30:00Z", "20270128T073000Z", "",
            "２０２７-01-28T07:30:00Z", "2027-00-10T00:00:00Z", "2027-13-10T00:00:00Z",
        ]
        for text in texts + other {
            let data = Data(
                "{\"format\":1,\"lineage\":\"l\",\"serial\":1,\"courses\":{},\"updatedAt\":\"\(text)\"}".utf8)
            let fast = StateFileReader.read(data)
            if texts.contains(text) { #expect(fast != nil, "\(text)") }
            if let fast { #expect(fast == Self.foundation(data), "\(text)") }
            let (a, b) = Self.outcomes(data)
            #expect(a == b, "\(text)")
        }
    }

    // MARK: - Malformed and unusual inputs: the same outcome as before

    @Test("truncated at every offset: the same error as JSONDecoder's path")
    func truncated() {
        var state = Self.states()[2]
        state.courses = state.courses.filter { $0.key == "10001" || $0.key == "10002" }
        for data in [
            Self.encoded(state),
            Data(try! JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Self.encoded(state)))),
        ] {
            for cut in 0..<data.count {
                let prefix = data.prefix(cut)
                #expect(StateFileReader.read(prefix) == nil, "cut \(cut)")
                let (a, b) = Self.outcomes(prefix)
                #expect(a == b, "cut \(cut)")
            }
        }
    }

    @Test(
        "wrong types, bad dates and enums, duplicates, odd numbers, bad escapes and UTF-8, newer format: same outcome")
    func unusual() {
        let base = """
            {"courses":{"1":{"host":"h","meetingID":7,"number":"1","phase":"active","registrants":{"a@b":{"bookings":["x"],\
            "email":"a@b","firstName":"F","lastName":"L","status":"registered"}},"lastSent":{"agenda":"a","duration":5,\
            "sessions":[{"day":"2027-01-28","end":"2027-01-28T11:00:00Z","from":"08:30","start":"2027-01-28T07:30:00Z","to":"12:00"}],\
            "settings":{"approvalType":1,"registrantsConfirmationEmail":false},"startTime":"s","timezone":"z","topic":"t","type":8}}},\
            "dailyWrites":{"day":"2027-04-06","perHost":{"h":3}},"format":1,"lineage":"l","serial":2,"updatedAt":"2027-04-06T08:26:40Z"}
            """
        #expect(StateFileReader.read(Data(base.utf8)) != nil)
        let replacements: [(String, String)] = [
            ("\"serial\":2", "\"serial\":\"2\""), ("\"serial\":2", "\"serial\":2.0"),
            ("\"serial\":2", "\"serial\":2e0"),
            ("\"serial\":2", "\"serial\":02"), ("\"serial\":2", "\"serial\":-0"), ("\"serial\":2", "\"serial\":null"),
            ("\"serial\":2", "\"serial\":99999999999999999999"), ("\"serial\":2", "\"serial\":true"),
            ("\"serial\":2", "\"serial\":2,\"serial\":3"), ("\"serial\":2", "\"serial\":2,\"x\":1,\"x\":2"),
            ("\"serial\":2,", ""), ("\"format\":1", "\"format\":2"), ("\"format\":1", "\"format\":\"1\""),
            ("\"format\":1,", ""), ("\"format\":1", "\"format\":1.5"), ("\"lineage\":\"l\"", "\"lineage\":5"),
            ("\"phase\":\"active\"", "\"phase\":\"Active\""), ("\"status\":\"registered\"", "\"status\":\"gone\""),
            ("\"status\":\"registered\"", "\"status\":null"), ("2027-04-06T08:26:40Z", "2027-04-06T08:26:40"),
            ("2027-04-06T08:26:40Z", "2027-04-31T08:26:40Z"), ("\"day\":\"2027-01-28\"", "\"day\":\"2027-02-29\""),
            ("\"day\":\"2027-04-06\"", "\"day\":\"+027-04-06\""), ("\"day\":\"2027-04-06\"", "\"day\":20270406"),
            ("\"from\":\"08:30\"", "\"from\":\"8:30\""), ("\"from\":\"08:30\"", "\"from\":\"25:30\""),
            ("\"from\":\"08:30\"", "\"from\":\"08:30:00\""), ("\"meetingID\":7", "\"meetingID\":9223372036854775808"),
            ("\"meetingID\":7", "\"meetingID\":-9223372036854775808"), ("\"meetingID\":7", "\"meetingID\":\"7\""),
            ("\"approvalType\":1", "\"approvalType\":true"), ("false", "0"), ("false", "False"),
            ("\"bookings\":[\"x\"]", "\"bookings\":[1]"),
            ("\"bookings\":[\"x\"]", "\"bookings\":[\"x\",]"), ("\"h\":3", "\"h\":3,\"h\":4"),
            ("\"a@b\":{", "\"a@b\":{},\"a@b\":{"),
            ("\"F\"", "\"\\ud83d\""), ("\"F\"", "\"\\ude00\""), ("\"F\"", "\"\\ud83d\\u0041\""),
            ("\"F\"", "\"\\u0000\""),
            ("\"F\"", "\"\\x\""), ("\"F\"", "\"\\u12\""), ("\"F\"", "\"\u{7F}\""), ("\"F\"", "\"a\tb\""),
            ("\"F\"", "\"\\ud83d\\ude00\\u00e4\\/\""), ("\"firstName\"", "\"first\\u004eame\""),
            ("\"firstName\"", "\"firstNam\u{E9}\""),
            ("\"courses\":{", "\"courses\":{\"1\":{},"), ("{\"courses\"", "\u{FEFF}{\"courses\""),
            ("\"updatedAt\":\"2027-04-06T08:26:40Z\"}", "\"updatedAt\":\"2027-04-06T08:26:40Z\"} x"),
            ("\"updatedAt\":\"2027-04-06T08:26:40Z\"}", "\"updatedAt\":\"2027-04-06T08:26:40Z\"}{}"),
            (
                "\"lineage\":\"l\"",
                "\"lineage\":\"l\",\"deep\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
            ),
            (
                "\"lineage\":\"l\"",
                "\"lineage\":\"l\",\"deep\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
            ),
            ("\"lineage\":\"l\"", "\"lineage\":\"l\",\"n\":1.5e3"),
            ("\"lineage\":\"l\"", "\"lineage\":\"l\",\"n\":[nul]"),
            ("\"type\":8", "\"type\":8,\"recurrence\":{\"weeklyDays\":\"1\"}"),
            ("\"type\":8", "\"type\":8,\"settings\":{}"),
            ("\"lastSent\":{", "\"lastSent\":null,\"x\":{"), (":", " : "), (",", " ,\n"),
        ]
        var documents = replacements.map { base.replacingOccurrences(of: $0.0, with: $0.1) }
        var invalidUTF8 = Data(base.utf8)
        invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "F"))!] = 0xC3
        documents.append(String(decoding: invalidUTF8, as: UTF8.self))
        var datas = documents.map { Data($0.utf8) }
        datas.append(invalidUTF8)
        datas += [Data(), Data("[]".utf8), Data("null".utf8), Data(" ".utf8), Data("{}".utf8)]
        for data in datas {
            let (a, b) = Self.outcomes(data)
            #expect(a == b, "\(String(decoding: data, as: UTF8.self))")
            if let fast = StateFileReader.read(data) {
                #expect(fast == Self.foundation(data), "\(String(decoding: data, as: UTF8.self))")
            }
        }
    }

    @Test("random byte changes: whenever the reader answers, JSONDecoder gives the same; errors stay the same")
    func fuzz() {
        var state = Self.states()[2]
        state.courses = state.courses.filter { $0.key == "10001" }
        let original = [UInt8](
            try! JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Self.encoded(state))))
        let alphabet = Array("{}[],:\"\\ u0123456789-.eEtfnlr/aZ\u{7F}".utf8) + [0xC3, 0xA4, 0xFF, 0x0A]
        var rng = SplitMix(seed: 7)
        for _ in 0..<1_500 {
            var bytes = original
            for _ in 0..<1 + Int(rng.next() % 3) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                }
            }
            let data = Data(bytes)
            let (a, b) = Self.outcomes(data)
            #expect(Self.sameOutcome(a, b), "\(a) vs \(b): \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// Equal outcomes, except that where up to three random changes made two problems in
    /// different entries of one dictionary, JSONDecoder itself may name either of them from one
    /// run to the next (it visits a dictionary's entries in no fixed order): both must then be
    /// "not valid semco-zoom JSON" for the same file.
    static func sameOutcome(_ a: Result<SyncState, StateStoreError>, _ b: Result<SyncState, StateStoreError>) -> Bool {
        if a == b { return true }
        if case .failure(.malformed(let pathA, _)) = a, case .failure(.malformed(let pathB, _)) = b {
            return pathA == pathB
        }
        return false
    }

    // MARK: - From the file (pages given back as parsed)

    @Test("load reads files by path: equal states, and the same errors for files it does not take")
    func loadFromFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        for state in Self.states() {
            try Self.encoded(state).write(to: store.url)
            #expect(StateFileReader.read(path: store.url.path) == state)
            #expect(try store.load().state == state)
        }
        let body = String(decoding: Self.encoded(Self.states()[2]), as: UTF8.self)
        for text in [
            "", "{", body.replacingOccurrences(of: "\"format\" : 1", with: "\"format\" : 7"),
            body.replacingOccurrences(of: "\"registered\"", with: "\"angemeldet\""), body + "x",
        ] {
            try Data(text.utf8).write(to: store.url)
            #expect(StateFileReader.read(path: store.url.path) == nil || text.contains("\"format\" : 7"))
            let loaded = Result { () throws(StateStoreError) in try store.load().state }
            let before = Result { () throws(StateStoreError) in try store.decodeWithFoundation(Data(text.utf8)) }
            #expect(loaded == before)
        }
        #expect(StateFileReader.read(path: dir.url.appendingPathComponent("missing.json").path) == nil)
    }

    @Test("a file of many MiB, read while its pages are given back, equals the state written")
    func largeFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var state = Self.states()[2]
        let people = Self.registrants().values.sorted { $0.email < $1.email }
        for course in 0..<300 {
            var managed = state[course: "10001"]!
            managed.number = CourseNumber("\(20_000 + course)")
            for index in 0..<250 {
                var person = people[index % people.count]
                person.email = "p\(index)-\(person.email)"
                managed.registrants[person.email] = person
            }
            state[course: managed.number] = managed
        }
        let url = dir.url.appendingPathComponent("state.json")
        let data = Self.encoded(state)
        #expect(data.count > 2 << 23)
        try data.write(to: url)
        #expect(StateFileReader.read(path: url.path) == state)
        #expect(StateFileReader.read(data) == state)
    }

    @Test(
        "a registrant larger than the file's read-ahead: the fast path gives up, load still gives JSONDecoder's state")
    func hugeRegistrant() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var state = Self.states()[2]
        let email = Self.registrants().keys.sorted()[0]
        state.courses["10001"]?.registrants[email]?.lastName = String(repeating: "Müller ", count: 1_300_000)
        let url = dir.url.appendingPathComponent("state.json")
        let data = Self.encoded(state)
        #expect(data.count > 9 << 20)
        try data.write(to: url)
        #expect(StateFileReader.read(path: url.path) == nil)
        #expect(StateFileReader.read(data) == state)
        #expect(try StateStore(url: url).load().state == state)
    }

    @Test(
        "a real state file (STATE_READER_FILE) reads equal to JSONDecoder",
        .enabled(if: ProcessInfo.processInfo.environment["STATE_READER_FILE"] != nil))
    func realFile() throws {
        let path = ProcessInfo.processInfo.environment["STATE_READER_FILE"]!
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let fast = StateFileReader.read(data)
        #expect(fast != nil)
        #expect(fast == Self.foundation(data))
        #expect(StateFileReader.read(path: path) == fast)
    }
}
