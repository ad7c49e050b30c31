import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// Zoom's answers as the client reads them: JSONDecoder on the wire types (ZoomWire.swift,
/// ZoomAnswers.swift). Every answer of the shapes Zoom sends decodes, whatever the key order,
/// whitespace, escapes or unknown keys; a damaged answer either decodes to what it says or is
/// refused with an error naming the call and the field — never read as fewer registrants.
@Suite struct ZoomAnswerFormatTests {
    static let itemsKey = "registrants"

    static func page(_ json: String) throws -> WirePage<WireRegistrant> {
        try HTTPZoomClient.decodeAnswer(WirePage<WireRegistrant>.self, from: Data(json.utf8), itemsKey: itemsKey)
    }

    static func meeting(_ json: String) throws -> WireMeeting {
        try HTTPZoomClient.decodeAnswer(WireMeeting.self, from: Data(json.utf8))
    }

    /// The answer as a plain JSON object (Foundation's own parser), to hold the decoded values to.
    static func object(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) as? [String: Any]
    }

    // MARK: - Generated answers

    @Test func generatedRegistrantPagesDecodeWithEveryRegistrant() throws {
        var random = SplitMix(seed: 0x5EED_0001)
        for round in 0..<3000 {
            var g = AnswerGenerator(random: random)
            let json = g.registrantPage()
            random = g.random
            let page = try #require(try? Self.page(json), "round \(round): refused \(json)")
            let listed = (Self.object(json)?["registrants"] as? [Any])?.count ?? 0
            #expect(page.items.count == listed, "round \(round): \(json)")
        }
    }

    @Test func generatedMeetingsDecodeWithTheirIdsAndOccurrences() throws {
        var random = SplitMix(seed: 0x5EED_0002)
        for round in 0..<3000 {
            var g = AnswerGenerator(random: random)
            let json = g.meeting()
            random = g.random
            let meeting = try #require(try? Self.meeting(json), "round \(round): refused \(json)")
            let object = try #require(Self.object(json))
            let id = object["id"].flatMap { "\($0)" }
            #expect(id == String(meeting.id.value), "round \(round): \(json)")
            #expect(meeting.occurrences?.count == (object["occurrences"] as? [Any])?.count, "round \(round)")
        }
    }

    /// Bytes deleted, inserted, swapped, cut off: an answer that still decodes holds every
    /// registrant the page lists; one that does not is refused with JSONDecoder's reason.
    @Test func damagedAnswersDecodeWhole() {
        var random = SplitMix(seed: 0x5EED_0003)
        var refused = 0
        var read = 0
        var compared = 0
        for round in 0..<4000 {
            var g = AnswerGenerator(random: random)
            var bytes = Array(g.registrantPage().utf8)
            for _ in 0...g.int(2) { g.mutate(&bytes) }
            random = g.random
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let page = try HTTPZoomClient.decodeAnswer(
                    WirePage<WireRegistrant>.self, from: Data(bytes), itemsKey: Self.itemsKey)
                read += 1
                // Held to Foundation's own parser where it reads the text too (it is stricter
                // about a few bytes), and the key is there once (which of two counts is the
                // parser's choice).
                guard text.components(separatedBy: "\"registrants\"").count == 2, let object = Self.object(text)
                else { continue }
                compared += 1
                #expect(page.items.count == (object["registrants"] as? [Any])?.count ?? 0, "round \(round): \(text)")
            } catch {
                refused += 1
                #expect(!HTTPZoomClient.describe(error).isEmpty)
            }
        }
        #expect(refused > 500)
        #expect(read > 200)
        #expect(compared > 100)
    }

    // MARK: - Fixed cases

    @Test func escapesSurrogatePairsAndNulAreUnescaped() throws {
        let json = #"""
            {"registrants":[{"id":"a\"b\\c\/d\b\f\n\r\t","email":"\u00e4\u00C4@x.org","first_name":"\ud83d\ude00 J\u00fcrgen",
              "last_name":"raw ä 😀","org":"nul\u0000end","status":"approved","join_url":"https:\/\/zoom.us\/w\/1",
              "create_time":"2027-04-12T07:00:00.250Z"}],"next_page_token":"t\u0031"}
            """#
        let page = try Self.page(json)
        let registrant = try #require(page.items.first)
        #expect(registrant.id == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
        #expect(registrant.email == "äÄ@x.org")
        #expect(registrant.first_name == "😀 Jürgen")
        #expect(registrant.last_name == "raw ä 😀")
        #expect(registrant.org == "nul\u{0}end")
        #expect(registrant.join_url == "https://zoom.us/w/1")
        #expect(registrant.create_time == Date(timeIntervalSince1970: 1_807_513_200.25))
        #expect(page.nextPageToken == "t1")
    }

    @Test func nullAbsentAndUnknownKeys() throws {
        for (json, count) in [
            (#"{}"#, 0),
            (#"{"registrants":null,"next_page_token":null}"#, 0),
            (#"{"registrants":[],"next_page_token":""}"#, 0),
            (
                #"{"page_size":300,"total_records":1.5e3,"x":{"y":[1,{"z":null},true,false,-0.0,"s"]},"registrants":[{"id":"1","email":"a@b","first_name":null,"questions":[{"title":"q","value":"v"}]}]}"#,
                1
            ),
            (#"{"huge":1e400,"registrants":[{"id":"1","email":"a@b","x":1E+2}]}"#, 1),
            (
                #"{"items":[{"id":"1"}],"registrants":[{"email":"a@b","id":"1","create_time":null,"status":"denied"}]}"#,
                1
            ),
            (" \n\t\r{ \"registrants\" : [ { \"id\" : \"1\" , \"email\" : \"a@b\" } ] } \n", 1),
        ] {
            #expect(try Self.page(json).items.count == count, "\(json)")
        }
    }

    /// `weekly_days` is read into weekdays at the Zoom edge; a list that names none (a change by
    /// hand Zoom let through) reads as no weekdays, which the planner sees as a recurrence to set.
    @Test func weeklyDaysBecomeWeekdays() throws {
        for (text, weekdays) in [
            ("2,4,6", Set<Weekday>([.monday, .wednesday, .friday])), ("1,7", [.sunday, .saturday]), ("", []),
            ("0,2", nil), ("Mo", nil),
        ] as [(String, Set<Weekday>?)] {
            let json = #"{"id":7,"type":8,"recurrence":{"type":2,"repeat_interval":1,"weekly_days":"\#(text)"}}"#
            #expect(try Self.meeting(json).model.recurrence?.weekdays == weekdays, "\(text)")
        }
        let sent = WireRecurrence(
            MeetingRecurrence(frequency: .weekly, repeatInterval: 1, weekdays: [.friday, .monday], endTimes: 3))
        #expect(sent.weekly_days == "2,6")
    }

    @Test func datesInEveryFormZoomSends() throws {
        for (time, seconds) in [
            ("2027-04-12T07:00:00Z", 1_807_513_200.0), ("2027-04-12T07:00:00.123456Z", 1_807_513_200.123456),
            ("2027-04-12T09:00:00+02:00", 1_807_513_200), ("2027-04-12T09:00:00.5+02:00", 1_807_513_200.5),
            ("2024-02-29T23:59:59Z", 1_709_251_199),
        ] {
            let json = #"{"registrants":[{"id":"1","email":"a@b","create_time":"\#(time)"}]}"#
            let date = try #require(try Self.page(json).items.first?.create_time, "\(time)")
            #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5, "\(time)")
        }
    }

    @Test func meetingIdsAndOccurrenceIdsAsNumbersOrStrings() throws {
        let json = #"""
            {"id": "89123456789012", "type": 8, "topic": "Kurs", "start_url": "https://zoom.us/s/1?zak=SECRET",
             "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_date_time": "2027-05-01T21:59:59.000Z"},
             "occurrences": [{"occurrence_id": "1807513200000", "start_time": "2027-04-12T07:00:00.000Z", "duration": 90, "status": "available"},
                             {"occurrence_id": 1807686000000, "start_time": "2027-04-14T07:00:00Z"},
                             {"occurrence_id": -0, "start_time": "2027-04-14T07:00:00Z", "duration": null}],
             "settings": {"approval_type": 0, "registration_type": null, "registrants_email_notification": false,
                          "registrants_confirmation_email": true, "alternative_hosts": "", "global_dial_in_numbers": [{"n": 1}]}}
            """#
        let meeting = try Self.meeting(json)
        #expect(meeting.id.value == 89_123_456_789_012)
        #expect(meeting.type == 8)
        #expect(meeting.occurrences?.map(\.occurrence_id.value) == ["1807513200000", "1807686000000", "0"])
        #expect(meeting.recurrence?.weekly_days == "2,4")
        #expect(meeting.settings?.registrants_confirmation_email == true)
        #expect(meeting.settings?.registration_type == nil)
        for (id, value) in [(#""+42""#, Int64(42)), ("9007199254740993", 9_007_199_254_740_993), ("-7", -7)] {
            #expect(try Self.meeting(#"{"id": \#(id), "type": 2}"#).id.value == value, "\(id)")
        }
    }

    // MARK: - Through the client

    /// A malformed answer is `invalidResponse` naming the call and the field, with JSONDecoder's
    /// reason: the observer stops at it instead of reading the meeting as having no registrants.
    @Test func aMalformedAnswerNamesTheCallAndTheField() async throws {
        let bodies: [(body: String, field: String)] = [
            (#"{"registrants":[{"id":1,"email":"a@b"}]}"#, "registrants.[0].id"),
            (#"{"registrants":[{"id":"1"}]}"#, "registrants.[0].email"),
            (#"{"registrants":[{"id":"1","email":"a@b","create_time":"yesterday"}]}"#, "registrants.[0].create_time"),
            (#"{"registrants":{}}"#, "registrants"),
            (#"{"registrants":[null]}"#, "registrants.[0]"),
            (#"{"registrants":[}"#, "(body): "),
            ("", "(body): "),
        ]
        for (body, field) in bodies {
            let expected: String
            do {
                _ = try Self.page(body)
                Issue.record("JSONDecoder read \(body)")
                continue
            } catch {
                expected = HTTPZoomClient.describe(error)
            }
            #expect(expected.contains(field), "\(expected)")
            let client = HTTPZoomClient(settings: Self.settings, transport: FixedAnswers(body: Data(body.utf8)))
            do {
                let registrants = try await client.listRegistrants(
                    meetingID: 85_000_000_001, status: .approved, context: .none)
                Issue.record("\(registrants.count) registrants from \(body)")
            } catch let error as ZoomError {
                guard case .invalidResponse(let method, let path, let reason) = error else {
                    Issue.record("\(error) for \(body)")
                    continue
                }
                #expect(method == "GET")
                #expect(path == "/v2/meetings/85000000001/registrants")
                #expect(reason == expected, "\(body)")
            }
        }

        let client = HTTPZoomClient(
            settings: Self.settings, transport: FixedAnswers(body: Data(#"{"id":85000000001,"type":"two"}"#.utf8)))
        await #expect {
            _ = try await client.getMeeting(id: 85_000_000_001, context: .none)
        } throws: { error in
            guard case ZoomError.invalidResponse("GET", "/v2/meetings/85000000001", let reason) = error else {
                return false
            }
            return reason.hasPrefix("field type has an unexpected type")
        }
    }

    @Test func goodAnswersThroughTheClient() async throws {
        let page =
            #"{"next_page_token":"","registrants":[{"id":"r1","email":"a@b.org","first_name":"J\u00fcrgen","status":"approved","create_time":"2027-04-12T07:00:00Z","custom_questions":[]}]}"#
        let client = HTTPZoomClient(settings: Self.settings, transport: FixedAnswers(body: Data(page.utf8)))
        let registrants = try await client.listRegistrants(meetingID: 85_000_000_001, status: .approved, context: .none)
        #expect(
            registrants == [
                ZoomRegistrant(
                    id: "r1", email: "a@b.org", firstName: "Jürgen", lastName: nil, org: nil, status: .approved,
                    joinURL: nil, createTime: Date(timeIntervalSince1970: 1_807_513_200))
            ])
    }

    /// The simulator's real answers (it answers as Zoom's OpenAPI documents say: its own
    /// conformance suite): every meeting and registrant field the client declares is read
    /// from its snake_case key, with the value the answer holds.
    @Test func theSimulatorsAnswersDecodeFieldByField() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let transport = RecordingTransport(CurlTransport())
        let client = HTTPZoomClient(settings: SimHarness.settings(sim, configuration), transport: transport)
        let series = try await client.createMeeting(
            host: SimHarness.host,
            MeetingChange(
                topic: "Kurs 4712 \"Ärzte\" / Grundlagen", kind: .meetingSeries, startTime: "2030-05-06T16:00:00",
                timezone: "Europe/Berlin", duration: 120, agenda: "[SEMCO 4712]\nZeile 2",
                recurrence: MeetingRecurrence(
                    frequency: .weekly, repeatInterval: 1, weekdays: [.monday, .wednesday], endTimes: 4),
                settings: MeetingSettings(
                    approval: .automatic, registration: .onceForAllSessions, registrantsEmailNotification: false,
                    registrantsConfirmationEmail: false)), context: .none)
        for request in [
            ZoomRegistrantRequest(email: "c@example.org", firstName: "Carla", lastName: "Chen-Öz", org: "Firma \"A\""),
            ZoomRegistrantRequest(email: "d@example.org", firstName: "Dana"),
        ] {
            _ = try await client.addRegistrant(meetingID: series.id, request, context: .none)
        }
        _ = try await client.getMeeting(id: series.id, context: .none)
        _ = try await client.listRegistrants(meetingID: series.id, status: .approved, context: .none)

        var meetings = 0
        var registrants = 0
        for (request, response) in await transport.calls.all where request.method == "GET" {
            let text = String(decoding: response.body, as: UTF8.self)
            let object = try #require(Self.object(text))
            if request.url.path.hasSuffix("/registrants") {
                let page = try Self.page(text)
                let items = try #require(object["registrants"] as? [[String: Any]])
                #expect(page.items.count == items.count && items.count == 2)
                for (item, raw) in zip(page.items, items) {
                    #expect(item.id == raw["id"] as? String)
                    #expect(item.email == raw["email"] as? String)
                    #expect(item.first_name == raw["first_name"] as? String)
                    #expect(item.last_name == raw["last_name"] as? String)
                    #expect(item.status == raw["status"] as? String)
                    #expect(item.join_url == raw["join_url"] as? String)
                    #expect(item.create_time == (raw["create_time"] as? String).flatMap(ZoomJSON.parseDate))
                    registrants += 1
                }
            } else {
                let meeting = try Self.meeting(text)
                #expect(String(meeting.id.value) == "\(object["id"]!)")
                #expect(
                    meeting.topic == object["topic"] as? String && meeting.topic == "Kurs 4712 \"Ärzte\" / Grundlagen")
                #expect(meeting.type == object["type"] as? Int)
                #expect(meeting.agenda == object["agenda"] as? String)
                #expect(meeting.timezone == object["timezone"] as? String)
                #expect(meeting.host_email == object["host_email"] as? String)
                #expect(meeting.join_url == object["join_url"] as? String)
                let occurrences = try #require(object["occurrences"] as? [[String: Any]])
                #expect(meeting.occurrences?.count == 4 && occurrences.count == 4)
                for (occurrence, raw) in zip(meeting.occurrences ?? [], occurrences) {
                    #expect(occurrence.occurrence_id.value == raw["occurrence_id"] as? String)
                    #expect(occurrence.start_time == (raw["start_time"] as? String).flatMap(ZoomJSON.parseDate))
                    #expect(occurrence.duration == raw["duration"] as? Int)
                }
                let recurrence = object["recurrence"] as? [String: Any]
                #expect(meeting.recurrence?.weekly_days == recurrence?["weekly_days"] as? String)
                #expect(meeting.recurrence?.end_times == recurrence?["end_times"] as? Int)
                let settings = object["settings"] as? [String: Any]
                #expect(meeting.settings?.approval_type == settings?["approval_type"] as? Int)
                #expect(
                    meeting.settings?.registrants_email_notification
                        == settings?["registrants_email_notification"] as? Bool)
                meetings += 1
            }
        }
        #expect(meetings == 1 && registrants == 2)
    }

    static let settings = ZoomClientSettings(
        apiURL: URL(string: "http://127.0.0.1:9/v2")!, oauthURL: URL(string: "http://127.0.0.1:9/oauth/token")!,
        credentials: ZoomCredentials(accountID: "a", clientID: "c", clientSecret: "s"),
        retry: ZoomRetryPolicy(maxAttempts: 1, baseDelay: 0, maxDelay: 0, requestTimeout: 1))

    /// A token for the OAuth call, `body` for every API call.
    struct FixedAnswers: HTTPTransport {
        var body: Data
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.url.path.hasSuffix("/oauth/token") {
                return HTTPResponse(
                    status: 200, body: Data(#"{"access_token":"t","expires_in":3600,"scope":"meeting:read"}"#.utf8))
            }
            return HTTPResponse(status: 200, body: body)
        }
    }
}

/// Random Zoom answers as text: any key order, whitespace, escapes, raw non-ASCII, nulls,
/// absent optional keys, unknown keys of every JSON type, dates in each accepted form.
struct AnswerGenerator {
    var random: SplitMix

    mutating func int(_ upTo: Int) -> Int { Int(random.next() % UInt64(upTo + 1)) }
    mutating func chance(_ percent: Int) -> Bool { int(99) < percent }
    mutating func pick<T>(_ options: [T]) -> T { options[int(options.count - 1)] }

    mutating func space() -> String {
        guard chance(30) else { return "" }
        return (0...int(2)).map { _ in pick([" ", "\n", "\t", "\r", "  "]) }.joined()
    }

    /// A JSON string literal and the text it stands for is JSONDecoder's business; this makes
    /// the literal from random pieces.
    mutating func stringLiteral() -> String {
        var out = "\""
        for _ in 0..<int(12) {
            switch int(14) {
            case 0: out += #"\""#
            case 1: out += #"\\"#
            case 2: out += #"\/"#
            case 3: out += pick([#"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#])
            case 4: out += String(format: "\\u%04lx", int(0xD7FF))
            case 5: out += String(format: "\\u%04lX", 0xE000 + int(0x1FFF))
            case 6:
                // A surrogate pair.
                out += String(format: "\\u%04lx\\u%04lX", 0xD800 + int(0x3FF), 0xDC00 + int(0x3FF))
            case 7: out += pick(["ä", "Ö", "ß", "é", "😀", "中", "\u{7F}", "\u{301}"])
            case 8: out += #"\u0000"#
            default:
                out += String(UnicodeScalar(UInt8(0x20 + int(0x5E))))
                    .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            }
        }
        return out + "\""
    }

    mutating func numberLiteral() -> String {
        var out = chance(30) ? "-" : ""
        out += chance(20) ? "0" : String(1 + int(8)) + (0..<int(6)).map { _ in String(int(9)) }.joined()
        if chance(30) { out += "." + (0...int(3)).map { _ in String(int(9)) }.joined() }
        if chance(20) { out += pick(["e", "E"]) + pick(["", "+", "-"]) + String(int(30)) }
        return out
    }

    mutating func integer() -> String {
        pick(["0", "1", "2", "8", "90", "-1", String(int(1_000_000))])
    }

    /// Any JSON value, nested up to `depth`.
    mutating func anyValue(_ depth: Int = 3) -> String {
        switch int(depth > 0 ? 7 : 4) {
        case 0: return stringLiteral()
        case 1: return numberLiteral()
        case 2: return pick(["true", "false"])
        case 3: return "null"
        case 4: return pick(["\"\"", "0", "[]", "{}"])
        case 5, 6:
            return "[" + (0..<int(3)).map { _ in space() + anyValue(depth - 1) + space() }.joined(separator: ",") + "]"
        default:
            return "{"
                + (0..<int(3)).map { i in
                    space() + "\"u\(i)\(int(9))\"" + space() + ":" + space() + anyValue(depth - 1) + space()
                }
                .joined(separator: ",") + "}"
        }
    }

    mutating func date() -> String {
        let base = String(
            format: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", 2020 + int(10), 1 + int(11), 1 + int(27), int(23), int(59),
            int(59))
        switch int(4) {
        case 0: return "\"\(base).\(int(999))Z\""
        case 1: return "\"\(base)+0\(int(9)):00\""
        case 2: return "\"\(base).5-03:30\""
        default: return "\"\(base)Z\""
        }
    }

    /// An object from `fields` (name, value or nil for absent), shuffled, with unknown keys.
    mutating func object(_ fields: [(String, String?)]) -> String {
        var members = fields.compactMap { name, value in value.map { (name, $0) } }
        for i in 0..<int(3) { members.append(("extra_\(i)_\(int(99))", anyValue())) }
        members.shuffle(using: &random)
        return space() + "{"
            + members.map { space() + "\"\($0.0)\"" + space() + ":" + space() + $0.1 + space() }.joined(separator: ",")
            + "}" + space()
    }

    /// Absent (nil), `null`, or a value.
    mutating func optional(_ value: String) -> String? {
        switch int(5) {
        case 0: return nil
        case 1: return "null"
        default: return value
        }
    }

    mutating func registrant() -> String {
        object([
            ("id", stringLiteral()), ("email", stringLiteral()), ("first_name", optional(stringLiteral())),
            ("last_name", optional(stringLiteral())), ("org", optional(stringLiteral())),
            ("status", optional(pick(["\"approved\"", "\"pending\"", "\"denied\"", stringLiteral()]))),
            ("join_url", optional(stringLiteral())), ("create_time", optional(date())),
        ])
    }

    mutating func registrantPage() -> String {
        var items: String?
        switch int(9) {
        case 0: items = nil
        case 1: items = "null"
        default: items = "[" + (0..<int(4)).map { _ in registrant() }.joined(separator: ",") + space() + "]"
        }
        return object([
            ("next_page_token", optional(pick(["\"\"", stringLiteral()]))), ("registrants", items),
            ("page_size", chance(50) ? "300" : nil),
        ])
    }

    mutating func occurrence() -> String {
        object([
            ("occurrence_id", chance(50) ? stringLiteral() : integer()), ("start_time", date()),
            ("duration", optional(integer())), ("status", optional(stringLiteral())),
        ])
    }

    mutating func meeting() -> String {
        let id = chance(70) ? String(80_000_000_000 + int(9_999_999_999)) : "\"\(int(9_999_999_999))\""
        var occurrences: String? = nil
        if chance(50) {
            occurrences = optional("[" + (0..<int(3)).map { _ in occurrence() }.joined(separator: ",") + "]")
        }
        let recurrence: String? =
            chance(50)
            ? optional(
                object([
                    ("type", integer()), ("repeat_interval", optional(integer())),
                    ("weekly_days", optional(stringLiteral())),
                    ("end_times", optional(integer())), ("end_date_time", optional(date())),
                ])) : nil
        let settings: String? = optional(
            object([
                ("approval_type", optional(integer())), ("registration_type", optional(integer())),
                ("registrants_email_notification", optional(pick(["true", "false"]))),
                ("registrants_confirmation_email", optional(pick(["true", "false"]))),
            ]))
        return object([
            ("id", id), ("uuid", optional(stringLiteral())), ("host_id", optional(stringLiteral())),
            ("host_email", optional(stringLiteral())),
            ("topic", optional(stringLiteral())), ("type", integer()), ("start_time", optional(date())),
            ("duration", optional(integer())), ("timezone", optional(stringLiteral())),
            ("agenda", optional(stringLiteral())),
            ("join_url", optional(stringLiteral())), ("registration_url", optional(stringLiteral())),
            ("recurrence", recurrence), ("occurrences", occurrences), ("settings", settings),
        ])
    }

    /// One random damage: a byte deleted, inserted, replaced, or the text cut off.
    mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let at = int(bytes.count - 1)
        let noise: [UInt8] = Array(#"{}[],:"\ 0-.eE1nulltruefalse"#.utf8) + [0xC3, 0xFF, 0x00, 0x0A]
        switch int(4) {
        case 0: bytes.remove(at: at)
        case 1: bytes.insert(pick(noise), at: at)
        case 2: bytes[at] = pick(noise)
        case 3: bytes.removeLast(bytes.count - at)
        default:
            // A slice repeated (duplicate keys, doubled values).
            let end = min(bytes.count, at + 1 + int(20))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        }
    }
}

/// The per-call URL and log path shortcuts give what the general code gives.
@Suite struct ZoomCallPathTests {
    /// The encoding before the ASCII shortcut.
    static func generalQueryValue(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `redactedPath` before the shortcut.
    static func generalRedactedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let decoded = String(segment).removingPercentEncoding ?? String(segment)
            return decoded.contains("@") ? "{userId}" : String(segment)
        }.joined(separator: "/")
    }

    static func randomText(_ random: inout SplitMix) -> String {
        let pieces = [
            "a", "Z", "0", "9", "-", ".", "_", "~", " ", "@", "%", "%40", "%4", "/", "+", "=", "&", "?", "#", "ä", "😀",
            "é", "\u{301}", "approved", "true", "300", "x@example.org", "%C3%A4", "%%",
        ]
        return (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func queryValuesAreEncodedAsBefore() {
        var random = SplitMix(seed: 0x5EED_0004)
        for value in ["", "true", "approved", "300", "aB3-._~", "a b", "x@y", "ä"]
            + (0..<5000).map({ _ in Self.randomText(&random) })
        {
            #expect(HTTPZoomClient.Endpoint.queryValue(value) == Self.generalQueryValue(value), "\(value)")
        }
        let endpoint = HTTPZoomClient.Endpoint(
            method: "GET", path: "/meetings/85000000001/registrants",
            query: [
                URLQueryItem(name: "status", value: "approved"),
                URLQueryItem(name: "page_size", value: "300"),
                URLQueryItem(name: "next_page_token", value: "Ab9_-x y@ä"),
            ],
            label: .medium)
        #expect(
            endpoint.url(URL(string: "https://api.zoom.us/v2/")!).absoluteString
                == "https://api.zoom.us/v2/meetings/85000000001/registrants?status=approved&page_size=300&next_page_token=Ab9_-x%20y%40%C3%A4"
        )
    }

    @Test func logPathsAreRedactedAsBefore() {
        var random = SplitMix(seed: 0x5EED_0005)
        var paths = [
            "", "/", "/v2/meetings/85000000001", "/v2/users/host@example.org/meetings",
            "/v2/users/host%40example.org/meetings",
            "/v2/meetings/1/registrants/abc%2", "//x//",
        ]
        for _ in 0..<5000 {
            paths.append((0..<Int(random.next() % 5)).map { _ in Self.randomText(&random) }.joined(separator: "/"))
        }
        for path in paths {
            #expect(APICallRecord.redactedPath(path) == Self.generalRedactedPath(path), "\(path)")
        }
    }
}
