import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The hand readers of Zoom's hot answers (`ZoomAnswerReader.swift`) against JSONDecoder: for
/// every answer the hand reader reads, JSONDecoder reads the equal value; anything malformed
/// or unusual the hand reader declines, and the client's error is JSONDecoder's as before.
@Suite struct ZoomAnswerReaderTests {
    static let itemsKey = "registrants"

    static func decoded<T: Decodable>(_ type: T.Type, _ json: String) -> T? {
        let decoder = ZoomJSON.decoder()
        decoder.userInfo = [WirePage<WireRegistrant>.itemsKeyInfo: itemsKey]
        return try? decoder.decode(type, from: Data(json.utf8))
    }

    static func handPage(_ json: String) -> WirePage<WireRegistrant>? {
        WirePage<WireRegistrant>.handRead(Data(json.utf8), itemsKey: itemsKey)
    }

    static func handMeeting(_ json: String) -> WireMeeting? {
        WireMeeting.handRead(Data(json.utf8), itemsKey: nil)
    }

    // MARK: - Generated valid answers

    @Test func generatedRegistrantPagesReadAsJSONDecoderReadsThem() {
        var random = SplitMix(seed: 0x5EED_0001)
        for round in 0..<3000 {
            var g = AnswerGenerator(random: random)
            let json = g.registrantPage()
            random = g.random
            let expected = Self.decoded(WirePage<WireRegistrant>.self, json)
            let hand = Self.handPage(json)
            #expect(expected != nil, "round \(round): the generator made an answer JSONDecoder refuses: \(json)")
            #expect(hand != nil, "round \(round): the hand reader declined a valid answer: \(json)")
            #expect(hand == expected, "round \(round): \(json)")
        }
    }

    @Test func generatedMeetingsReadAsJSONDecoderReadsThem() {
        var random = SplitMix(seed: 0x5EED_0002)
        for round in 0..<3000 {
            var g = AnswerGenerator(random: random)
            let json = g.meeting()
            random = g.random
            let expected = Self.decoded(WireMeeting.self, json)
            let hand = Self.handMeeting(json)
            #expect(expected != nil, "round \(round): the generator made an answer JSONDecoder refuses: \(json)")
            #expect(hand != nil, "round \(round): the hand reader declined a valid answer: \(json)")
            #expect(hand == expected, "round \(round): \(json)")
        }
    }

    // MARK: - Mutated answers

    /// Bytes deleted, inserted, swapped, cut off: whatever the hand reader still reads,
    /// JSONDecoder reads the same; what JSONDecoder refuses, the hand reader never reads.
    @Test func mutatedAnswersAreReadEquallyOrDeclined() {
        var random = SplitMix(seed: 0x5EED_0003)
        var declined = 0
        var read = 0
        for round in 0..<4000 {
            var g = AnswerGenerator(random: random)
            let meeting = round % 2 == 1
            var bytes = Array((meeting ? g.meeting() : g.registrantPage()).utf8)
            for _ in 0...g.int(2) { g.mutate(&bytes) }
            random = g.random
            let data = Data(bytes)
            let decoder = ZoomJSON.decoder()
            decoder.userInfo = [WirePage<WireRegistrant>.itemsKeyInfo: Self.itemsKey]
            let text = String(decoding: bytes, as: UTF8.self)
            if meeting {
                let hand = WireMeeting.handRead(data, itemsKey: nil)
                if let hand {
                    read += 1
                    #expect(hand == (try? decoder.decode(WireMeeting.self, from: data)), "round \(round): \(text)")
                } else {
                    declined += 1
                }
            } else {
                let hand = WirePage<WireRegistrant>.handRead(data, itemsKey: Self.itemsKey)
                if let hand {
                    read += 1
                    #expect(
                        hand == (try? decoder.decode(WirePage<WireRegistrant>.self, from: data)),
                        "round \(round): \(text)")
                } else {
                    declined += 1
                }
            }
        }
        // Both outcomes are exercised.
        #expect(declined > 500)
        #expect(read > 200)
    }

    // MARK: - Fixed cases

    @Test func escapesSurrogatePairsAndNulAreUnescapedLikeJSONDecoder() {
        let json = #"""
            {"registrants":[{"id":"a\"b\\c\/d\b\f\n\r\t","email":"\u00e4\u00C4@x.org","first_name":"\ud83d\ude00 J\u00fcrgen",
              "last_name":"raw ä 😀","org":"nul\u0000end","status":"approved","join_url":"https:\/\/zoom.us\/w\/1",
              "create_time":"2027-04-12T07:00:00.250Z"}],"next_page_token":"t\u0031"}
            """#
        let hand = Self.handPage(json)
        #expect(hand != nil)
        #expect(hand == Self.decoded(WirePage<WireRegistrant>.self, json))
        #expect(hand?.items.first?.first_name == "😀 Jürgen")
        #expect(hand?.items.first?.org == "nul\u{0}end")
        #expect(hand?.nextPageToken == "t1")
    }

    @Test func nullAbsentAndUnknownKeysAreHandledLikeJSONDecoder() {
        for json in [
            #"{}"#,
            #"{"registrants":null,"next_page_token":null}"#,
            #"{"registrants":[],"next_page_token":""}"#,
            #"{"page_size":300,"total_records":1.5e3,"x":{"y":[1,{"z":null},true,false,-0.0,"s"]},"registrants":[{"id":"1","email":"a@b","first_name":null,"questions":[{"title":"q","value":"v"}]}]}"#,
            #"{"huge":1e400,"long":-123456789012345678901234567890.5E-999,"registrants":[{"id":"1","email":"a@b","x":1E+2}]}"#,
            #"{"items":[{"id":"1"}],"registrants":[{"email":"a@b","id":"1","create_time":null,"status":"denied"}]}"#,
            " \n\t\r{ \"registrants\" : [ { \"id\" : \"1\" , \"email\" : \"a@b\" } ] } \n",
        ] {
            let hand = Self.handPage(json)
            #expect(hand != nil, "\(json)")
            #expect(hand == Self.decoded(WirePage<WireRegistrant>.self, json), "\(json)")
        }
    }

    @Test func datesInEveryFormTheDateStrategyAcceptsAreTheSameDates() {
        for time in [
            "2027-04-12T07:00:00Z", "2027-04-12T07:00:00.123456Z", "2027-04-12T09:00:00+02:00",
            "2027-04-12T09:00:00.5+02:00",
            "2024-02-29T23:59:59Z",
        ] {
            let json = #"{"registrants":[{"id":"1","email":"a@b","create_time":"\#(time)"}]}"#
            let hand = Self.handPage(json)
            #expect(hand != nil, "\(time)")
            #expect(hand == Self.decoded(WirePage<WireRegistrant>.self, json), "\(time)")
        }
    }

    @Test func meetingIdsAndOccurrenceIdsAsNumbersOrStrings() {
        let json = #"""
            {"id": "89123456789012", "type": 8, "topic": "Kurs", "start_url": "https://zoom.us/s/1?zak=SECRET",
             "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_date_time": "2027-05-01T21:59:59.000Z"},
             "occurrences": [{"occurrence_id": "1807513200000", "start_time": "2027-04-12T07:00:00.000Z", "duration": 90, "status": "available"},
                             {"occurrence_id": 1807686000000, "start_time": "2027-04-14T07:00:00Z"},
                             {"occurrence_id": -0, "start_time": "2027-04-14T07:00:00Z", "duration": null}],
             "settings": {"approval_type": 0, "registration_type": null, "registrants_email_notification": false,
                          "registrants_confirmation_email": true, "alternative_hosts": "", "global_dial_in_numbers": [{"n": 1}]}}
            """#
        let hand = Self.handMeeting(json)
        #expect(hand != nil)
        #expect(hand == Self.decoded(WireMeeting.self, json))
        #expect(hand?.id.value == 89_123_456_789_012)
        #expect(hand?.occurrences?.map(\.occurrence_id.value) == ["1807513200000", "1807686000000", "0"])
        for id in [#""+42""#, "9007199254740993", "-7", #""-0""#] {
            let json = #"{"id": \#(id), "type": 2}"#
            #expect(Self.handMeeting(json) != nil, "\(id)")
            #expect(Self.handMeeting(json) == Self.decoded(WireMeeting.self, json), "\(id)")
        }
    }

    /// Malformed, or valid but left to JSONDecoder: the hand reader declines.
    @Test func declinesWhatItDoesNotFullyUnderstand() {
        let page = [
            "", " ", "[]", "null", #"{"registrants":[]"#, #"{"registrants":[]} x"#, #"{"registrants":[],}"#,
            #"{"registrants":[{"id":"1","email":"a@b"},]}"#, #"{"registrants":{}}"#, #"{"registrants":[null]}"#,
            #"{"registrants":[{"id":1,"email":"a@b"}]}"#, #"{"registrants":[{"id":"1"}]}"#,
            #"{"registrants":[{"email":"a@b"}]}"#,
            #"{"registrants":[{"id":null,"email":"a@b"}]}"#, #"{"registrants":[{"id":"1","email":"a@b","org":7}]}"#,
            #"{"registrants":[{"id":"1","email":"a@b","create_time":"yesterday"}]}"#,
            #"{"registrants":[{"id":"1","email":"a@b","create_time":1807513200}]}"#,
            #"{"registrants":[{"id":"1","email":"a@b","id":"2"}]}"#, #"{"registrants":[],"registrants":[]}"#,
            #"{"next_page_token":7,"registrants":[]}"#, #"{"x":01,"registrants":[]}"#, #"{"x":1.,"registrants":[]}"#,
            #"{"x":-,"registrants":[]}"#, #"{"x":"\ud800","registrants":[]}"#, #"{"x":"\udc00","registrants":[]}"#,
            #"{"x":"\q","registrants":[]}"#, #"{"x":"\u12","registrants":[]}"#, #"{"x":tru,"registrants":[]}"#,
            "{\"x\":\"tab\there\",\"registrants\":[]}", "\u{FEFF}{\"registrants\":[]}",
            #"{"x":"#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            "{\"x\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
        ]
        for json in page {
            #expect(Self.handPage(json) == nil, "\(json)")
        }
        // Invalid UTF-8, in a value read and in one skipped.
        for bytes in [
            Array(#"{"registrants":[{"id":"\#u{FF}","email":"a@b"}]}"#.utf8).map { $0 == 0xC3 ? 0xFF : $0 },
            Array(#"{"x":"é","registrants":[]}"#.utf8).map { $0 == 0xA9 ? 0x29 : $0 },
        ] {
            #expect(WirePage<WireRegistrant>.handRead(Data(bytes), itemsKey: Self.itemsKey) == nil)
        }
        let meeting = [
            #"{"type":2}"#, #"{"id":1}"#, #"{"id":1.0,"type":2}"#, #"{"id":1e2,"type":2}"#, #"{"id":"x","type":2}"#,
            #"{"id":9223372036854775808,"type":2}"#, #"{"id":1,"type":"2"}"#, #"{"id":1,"type":2,"duration":90.0}"#,
            #"{"id":1,"type":2,"settings":{"registrants_email_notification":1}}"#,
            #"{"id":1,"type":2,"recurrence":{}}"#,
            #"{"id":1,"type":2,"occurrences":[{"occurrence_id":"1"}]}"#,
            #"{"id":1,"type":2,"occurrences":[{"occurrence_id":null,"start_time":"2027-04-12T07:00:00Z"}]}"#,
            #"{"id":1,"type":2,"settings":[]}"#, #"{"id":1,"type":2,"type":3}"#,
        ]
        for json in meeting {
            #expect(Self.handMeeting(json) == nil, "\(json)")
        }
    }

    // MARK: - Through the client

    /// A bad answer still gets JSONDecoder's message, naming the call.
    @Test func aBadAnswerGetsTheSameErrorAsBefore() async throws {
        let bodies = [
            #"{"registrants":[{"id":1,"email":"a@b"}]}"#,
            #"{"registrants":[{"id":"1"}]}"#,
            #"{"registrants":[{"id":"1","email":"a@b","create_time":"yesterday"}]}"#,
            #"{"registrants":[}"#,
            "",
        ]
        for body in bodies {
            let expected: String
            do {
                let decoder = ZoomJSON.decoder()
                decoder.userInfo = [WirePage<WireRegistrant>.itemsKeyInfo: Self.itemsKey]
                _ = try decoder.decode(WirePage<WireRegistrant>.self, from: Data(body.utf8))
                Issue.record("JSONDecoder read \(body)")
                continue
            } catch {
                expected = HTTPZoomClient.describe(error)
            }
            let client = HTTPZoomClient(settings: Self.settings, transport: FixedAnswers(body: Data(body.utf8)))
            do {
                _ = try await client.listRegistrants(meetingID: 85_000_000_001, status: .approved, context: .none)
                Issue.record("no error for \(body)")
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

        let meetingBody = Data(#"{"id":85000000001,"type":"two"}"#.utf8)
        let expected: String
        do {
            _ = try ZoomJSON.decoder().decode(WireMeeting.self, from: meetingBody)
            Issue.record("JSONDecoder read the meeting")
            return
        } catch {
            expected = HTTPZoomClient.describe(error)
        }
        let client = HTTPZoomClient(settings: Self.settings, transport: FixedAnswers(body: meetingBody))
        await #expect {
            _ = try await client.getMeeting(id: 85_000_000_001, context: .none)
        } throws: { error in
            guard case ZoomError.invalidResponse("GET", "/v2/meetings/85000000001", let reason) = error else {
                return false
            }
            return reason == expected && reason.contains("type")
        }
    }

    @Test func goodAnswersThroughTheClientAreTheModelsJSONDecoderGives() async throws {
        let page =
            #"{"next_page_token":"","registrants":[{"id":"r1","email":"a@b.org","first_name":"J\u00fcrgen","status":"approved","create_time":"2027-04-12T07:00:00Z","custom_questions":[]}]}"#
        let client = HTTPZoomClient(settings: Self.settings, transport: FixedAnswers(body: Data(page.utf8)))
        let registrants = try await client.listRegistrants(meetingID: 85_000_000_001, status: .approved, context: .none)
        #expect(registrants == Self.decoded(WirePage<WireRegistrant>.self, page)?.items.map(\.model))
        #expect(registrants.first?.firstName == "Jürgen")
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
