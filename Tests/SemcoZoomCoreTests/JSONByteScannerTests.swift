import Foundation
import Testing

@testable import SemcoZoomCore

/// The JSON tokenizer both hand readers share (`JSONByteScanner`): the readers' own tests
/// (`ZoomAnswerReaderTests`) check it against JSONDecoder; these pin
/// what differs between the readers' rules and the streaming the state reader relies on.
@Suite struct JSONByteScannerTests {
    /// The strict rules (what the state file's hand reader used before format 2): `-0`, `\u0000`
    /// and numbers with fraction or exponent in skipped values decline.
    static let strict = JSONByteScanner.Rules(negativeZero: false, nulEscape: false, anyNumberInSkippedValues: false)

    /// Reads `{"v": <value>, "skip": <skipped>}` as an integer and a skipped value.
    static func read(_ json: String, _ rules: JSONByteScanner.Rules) -> Int64? {
        JSONByteScanner.read(Data(json.utf8), rules: rules) {
            (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> Int64 in
            var value: Int64 = 0
            if try s.objectStart() {
                repeat {
                    let key = try s.fieldName()
                    if JSONByteScanner.equal(key, "v") { value = try s.int64() } else { try s.skipValue() }
                } while try s.objectNext()
            }
            return value
        }
    }

    static func string(_ json: String, _ rules: JSONByteScanner.Rules) -> String? {
        JSONByteScanner.read(Data(json.utf8), rules: rules) {
            (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
            try s.string()
        }
    }

    @Test func theStateRulesDeclineWhatTheZoomRulesRead() throws {
        for json in [
            #"{"v":-0}"#, #"{"v":1,"skip":-0}"#, #"{"v":1,"skip":1.5}"#, #"{"v":1,"skip":[2e3]}"#,
            #"{"v":1,"skip":{"a":99999999999999999999}}"#,
        ] {
            #expect(Self.read(json, Self.strict) == nil, "\(json)")
            let zoom = try #require(Self.read(json, .zoomAnswers), "\(json)")
            #expect(
                zoom == (try? JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8)))?["v"]?.integer,
                "\(json)")
        }
        #expect(Self.string(#""a\u0000b""#, Self.strict) == nil)
        #expect(Self.string(#""a\u0000b""#, .zoomAnswers) == "a\u{0}b")
        #expect(
            Self.string(#""a\u0000b""#, .zoomAnswers)
                == (try? JSONDecoder().decode(String.self, from: Data(#""a\u0000b""#.utf8))))
    }

    @Test func bothRulesReadPlainIntegersAndDeclineInvalidNumbers() {
        for rules in [JSONByteScannerTests.strict, .zoomAnswers] {
            #expect(Self.read(#"{"v":-9223372036854775808,"skip":[0,-1,{"x":[]}]}"#, rules) == Int64.min)
            #expect(Self.read(#"{"v": 42 }"#, rules) == 42)
            for json in [
                #"{"v":01}"#, #"{"v":1.0}"#, #"{"v":9223372036854775808}"#, #"{"v":1,"skip":01}"#,
                #"{"v":1,"skip":-}"#, #"{"v":1,"skip":1.}"#, #"{"v":1x}"#, #"{"v":+1}"#,
            ] {
                #expect(Self.read(json, rules) == nil, "\(json)")
            }
        }
    }

    @Test func stringsAreCheckedToBeUTF8WhetherReadOrSkipped() {
        let valid = Array(#"{"v":1,"skip":"ä\u00e4"}"#.utf8)
        for rules in [JSONByteScannerTests.strict, .zoomAnswers] {
            #expect(
                JSONByteScanner.read(Data(valid), rules: rules) {
                    (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
                    try s.skipValue()
                } != nil)
            // The second byte of "ä" (0xA4) replaced: invalid UTF-8, in a skipped string and in one read.
            let broken = valid.map { $0 == 0xA4 ? UInt8(ascii: "x") : $0 }
            #expect(
                JSONByteScanner.read(Data(broken), rules: rules) {
                    (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
                    try s.skipValue()
                } == nil)
            #expect(
                JSONByteScanner.read(Data([0x22, 0xC3, 0x22]), rules: rules) {
                    (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
                    try s.string()
                } == nil)
        }
    }

    static func skips(_ s: inout JSONByteScanner) -> Bool {
        do {
            try s.skipValue()
            return true
        } catch {
            return false
        }
    }

    /// The state reader streams its file: the bytes after `count` are not there yet.
    @Test func aValueCutOffWhereTheBytesEndDeclinesAndReadsOnceTheRestIsThere() {
        let json = Array(#"{"name":"a\/b","n":[12345]}"#.utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: json.count)
        defer { buffer.deallocate() }
        buffer.initialize(from: json, count: json.count)
        for cut in 0..<json.count {
            var s = JSONByteScanner(bytes: buffer, count: cut, rules: Self.strict)
            let cutOff = Self.skips(&s)
            var streamed = JSONByteScanner(bytes: buffer, count: cut, rules: Self.strict)
            streamed.didAppend(json.count - cut)
            let whole = Self.skips(&streamed)
            let atEnd = streamed.isAtEnd()
            #expect(!cutOff && whole && atEnd, "cut \(cut)")
        }
    }
}

/// Any JSON value, for reading what JSONDecoder makes of a test document.
fileprivate enum JSONValue: Decodable {
    case integer(Int64)
    case other

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        self = (try? single.decode(Int64.self)).map(Self.integer) ?? .other
    }

    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
