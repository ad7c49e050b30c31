import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// A large booking export is read in parts, each starting after a line break, by two
/// threads (`SnapshotReader.readBookingsInParts`). Whatever lies at a part's start — a
/// quoted line break, blank lines, a duplicate or a bad value after it — the outcome must
/// be the sequential reading's: the same bookings with the same lines, or the same rejection.
@Suite struct InputSplitReadTests {
    enum Outcome: Equatable {
        case bookings([Booking])
        case rejected(InputRejection)
    }

    static func outcome(_ url: URL, splitFrom: Int, parts: Int = 2, chunkSize: Int = 64 * 1024) -> Outcome {
        let file = SelectedFile(url: url, kind: .bookings, format: .csv, fromArchive: false)
        do {
            return .bookings(
                try SnapshotReader.readBookings(
                    file, name: "buchungen.csv", configuration: Configuration(),
                    splitFrom: splitFrom, parts: parts, chunkSize: chunkSize))
        } catch let rejection as InputRejection {
            return .rejected(rejection)
        } catch {
            Issue.record("unexpected error \(error)")
            return .rejected(InputRejection(file: "?", message: LocalizedText(de: "\(error)", en: "\(error)")))
        }
    }

    static let header = "Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"

    static func row(_ number: Int, company: String = "", status: String = "Bestätigte Buchung") -> String {
        "BN27-\(String(format: "%05d", number));10062;Frau;Jürgen;Müller;j\(number)@example.com;\(company);\(status)"
    }

    /// Files whose middle falls on every kind of place, each in several shifts (a longer
    /// first row moves the middle by a few bytes at a time).
    static func variants(_ name: String, rows: [String], newline: String = "\r\n", bom: Bool = true) -> [(String, Data)]
    {
        (0..<24).map { shift in
            var lines = [header] + rows
            if lines.count > 1 {
                lines[1] = lines[1].replacingOccurrences(
                    of: ";Jürgen;", with: ";Jürgen\(String(repeating: "x", count: shift));")
            }
            let text = lines.joined(separator: newline) + newline
            return ("\(name) +\(shift)", Data((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)))
        }
    }

    static var cases: [(String, Data)] {
        let plain = (1...40).map { row($0) }
        var quotedBreaks = plain
        for i in 14...26 { quotedBreaks[i] = row(i + 1, company: "\"Firma\r\n\"\"Nord\"\"\r\nund\nSüd\"") }
        var blankLines = plain
        for i in 16...24 { blankLines[i] += "\r\n\r\n ; ;\r\n" }
        var crossDuplicate = plain
        crossDuplicate[30] = row(3)
        var laterDuplicateThenBadValue = plain
        laterDuplicateThenBadValue[27] = row(5)
        laterDuplicateThenBadValue[33] = row(34, status: "vielleicht")
        var duplicateInSecondHalf = plain
        duplicateInSecondHalf[35] = row(30)
        var unordered = plain
        unordered.swapAt(2, 31)
        var badValue = plain
        badValue[29] = row(30, status: "vielleicht")
        var badValueFirst = plain
        badValueFirst[0] = row(1, status: "vielleicht")
        var extraField = plain
        extraField[32] += ";zu viel"
        var unterminated = plain
        unterminated[31] = row(32, company: "\"offen")
        var quoteOpenAcrossMiddle = plain
        quoteOpenAcrossMiddle[18] = row(19, company: "\"lang\n" + String(repeating: "z\n", count: 40) + "\"")
        let onlyBlanksBeforeHeader = String(repeating: "\r\n", count: 200) + header + "\r\n" + row(1) + "\r\n"
        return variants("plain", rows: plain) + variants("lf", rows: plain, newline: "\n", bom: false)
            + variants("cr", rows: plain, newline: "\r") + variants("quoted breaks", rows: quotedBreaks)
            + variants("blank lines", rows: blankLines) + variants("cross duplicate", rows: crossDuplicate)
            + variants("duplicate, then bad value", rows: laterDuplicateThenBadValue)
            + variants("duplicate in second half", rows: duplicateInSecondHalf) + variants("unordered", rows: unordered)
            + variants("bad value", rows: badValue) + variants("bad value in the first row", rows: badValueFirst)
            + variants("extra field", rows: extraField)
            + variants("unterminated", rows: unterminated)
            + variants("quote across the middle", rows: quoteOpenAcrossMiddle)
            + [
                ("blanks before header", Data(onlyBlanksBeforeHeader.utf8)),
                ("header only", Data((header + "\n").utf8)),
                ("no final line break", Data((header + "\n" + plain.joined(separator: "\n")).utf8)),
            ]
    }

    @Test func twoThreadsReadWhatOneReads() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var splitOutcomes = Set<String>()
        for (name, data) in Self.cases {
            let url = try dir.write("buchungen.csv", data)
            let sequential = Self.outcome(url, splitFrom: .max)
            for (parts, chunk) in [(2, 1), (2, 7), (2, 64 * 1024), (3, 5), (5, 64 * 1024), (8, 3), (40, 64 * 1024)] {
                #expect(
                    Self.outcome(url, splitFrom: 0, parts: parts, chunkSize: chunk) == sequential,
                    "\(name), \(parts) parts, chunk \(chunk)")
            }
            switch sequential {
            case .bookings(let bookings): splitOutcomes.insert("\(bookings.count) bookings")
            case .rejected(let rejection):
                splitOutcomes.insert(String(rejection.message.en.split(separator: ": ").last?.prefix(20) ?? ""))
            }
        }
        // The cases reach accepted files and several kinds of rejection.
        #expect(splitOutcomes.count >= 5, "\(splitOutcomes)")
    }

    @Test func partsStartAfterALineBreakAndCountTheirLines() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = "a\r\nb\rc\nd\r\n\"e\r\nf\"\ng\n"
        let url = try dir.write("x.csv", text)
        let bytes = Array(text.utf8)
        for chunk in [1, 2, 5, 1024] {
            let parser = CSVParser(url: url, chunkSize: chunk)
            #expect(try parser.scan().lineBreaks == 7)
            for target in 0...bytes.count {
                guard let start = try parser.lineStart(after: target) else {
                    #expect(!bytes[min(target, bytes.count)...].contains(0x0A))
                    continue
                }
                #expect(start > target && bytes[start - 1] == 0x0A && !bytes[target..<(start - 1)].contains(0x0A))
                let before = try parser.scan(from: 0, to: start)
                let after = try parser.scan(from: start)
                #expect(before.lineBreaks == Self.lineBreaks(bytes[..<start]), "target \(target), chunk \(chunk)")
                #expect(before.lineBreaks + after.lineBreaks == 7)
                #expect(after.leading.isEmpty && before.leading == Array(bytes.prefix(3)))
            }
        }
    }

    @Test func theDialectOfPartsIsTheWholeFilesDialect() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Valid UTF-8 with a BOM; a Windows-1252 byte in the second part; a sequence cut off at the end.
        let samples: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array("a,b;c\nä\nö\n".utf8), Array("a\tb\n".utf8) + [0xE4, 0x0A, 0x41, 0x0A],
            Array("a;b\nx\n".utf8) + [0xC3],
        ]
        for bytes in samples {
            let url = try dir.write("x.csv", Data(bytes))
            let parser = CSVParser(url: url)
            let whole = try parser.firstPass().dialect
            for cut in 1..<bytes.count where bytes[cut - 1] == 0x0A {
                #expect(try CSVParser.dialect([parser.scan(from: 0, to: cut), parser.scan(from: cut)]) == whole)
            }
        }
    }

    @Test func theFirstPartTellsWhetherARecordStartsAtTheSplit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let open = "h1;h2\nr1;a\nr2;\"x\n" + String(repeating: "y\n", count: 20) + "\"\nr3;b\n"
        let plain = "h1;h2\n" + (1...20).map { "r\($0);a\n" }.joined()
        for (text, quoted) in [(open, true), (plain, false)] {
            let url = try dir.write("x.csv", text)
            for chunk in [1, 4, 1024] {
                let parser = CSVParser(url: url, chunkSize: chunk)
                let dialect = try parser.firstPass().dialect
                let split = try #require(try parser.lineStart(after: text.utf8.count / 2))
                let breaksBefore = try parser.scan(from: 0, to: split).lineBreaks
                var lines: [Int] = []
                let stop = try parser.parseBytes(dialect: dialect, from: 0, line: 1, until: split) {
                    lines.append($0.line)
                }
                if quoted {
                    // r2's quoted field runs across the split: r2 (line 3, byte 11) is not handed out.
                    #expect(stop == .straddled(offset: 11, line: 3))
                    #expect(lines == [1, 2])
                } else {
                    #expect(stop == .boundary)
                    #expect(lines == Array(1..<(breaksBefore + 1)))
                    var rest: [Int] = []
                    _ = try parser.parseBytes(dialect: dialect, from: split, line: breaksBefore + 1, until: nil) {
                        rest.append($0.line)
                    }
                    #expect(lines + rest == Array(1...21))
                }
            }
        }
    }

    /// LF, CR and CRLF each once, byte by byte.
    static func lineBreaks(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var previousCR = false
        for b in bytes {
            if b == 0x0D || (b == 0x0A && !previousCR) { count += 1 }
            previousCR = b == 0x0D
        }
        return count
    }

    @Test func lineBreakCounterAgreesWithCountingByteByByte() {
        var generator = SplitMix(seed: 7)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x0D, 0x41, 0x0A]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...70, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            var counter = LineBreakCounter()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...20, using: &generator))
                bytes[start..<end].withUnsafeBufferPointer { counter.feed($0) }
                start = end
            }
            #expect(counter.count == Self.lineBreaks(bytes[...]), "\(bytes)")
        }
    }
}
