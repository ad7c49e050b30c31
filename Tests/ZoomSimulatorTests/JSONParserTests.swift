import Foundation
import Testing
import ZoomSimulator

/// The simulator's own JSON reader (request bodies and `/_sim` admin calls): objects and arrays,
/// nested and empty, and the byte offset and reason of every malformed container.
@Suite("Simulator JSON reader")
struct JSONParserTests {
    @Test("objects and arrays, nested and empty, read back as written")
    func containers() throws {
        let text = #"{"a":[1,{"b":[]},{}],"c":{"d":["x",true,null]},"e":[]}"#
        let value = try JSONValue.parse(" \n" + text + "\t")
        #expect(value.serialized() == text)
        #expect(try JSONValue.parse("[ ]").serialized() == "[]")
        #expect(try JSONValue.parse("{ }").serialized() == "{}")
        #expect(try JSONValue.parse(#"[ 1 , [ 2 ] ]"#).serialized() == "[1,[2]]")
    }

    @Test(
        "a malformed container is refused at its byte with the reason",
        arguments: [
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}'"),
            (#"[1 2]"#, 3, "expected ',' or ']'"),
            (#"{"a":1"#, 6, "unexpected end in object"),
            (#"[1,"#, 3, "unexpected end"),
            (#"[1"#, 2, "unexpected end in array"),
            (#"{1:2}"#, 1, "expected a key"),
            (#"{"a" 1}"#, 5, "expected ':'"),
            (#"{"a":1,}"#, 7, "expected a key"),
        ])
    func malformed(text: String, offset: Int, reason: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.offset == offset && error.reason == reason
        }
    }
}
