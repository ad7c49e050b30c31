import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The compact forms the readers use for speed and memory behave like the plain ones.
@Suite struct InputCompactTests {
    @Test func sharedOriginLocationsEqualPlainOnes() throws {
        let lines = SemcoZoomCore.SourceLocation.Origin(file: "buchungen.csv")
        let fast = SemcoZoomCore.SourceLocation(origin: lines, line: 7)
        let plain = SemcoZoomCore.SourceLocation(file: "buchungen.csv", line: 7)
        #expect(fast == plain && fast.hashValue == plain.hashValue)
        #expect(
            fast.file == "buchungen.csv" && fast.line == 7 && fast.elementPath == nil
                && fast.description == "buchungen.csv:7")
        #expect(SemcoZoomCore.SourceLocation(origin: lines, line: 8) != plain)

        let records = SemcoZoomCore.SourceLocation.Origin(
            file: "buchungen.xml", elementPath: "/buchungen/buchung", form: .indexed)
        let indexed = SemcoZoomCore.SourceLocation(origin: records, index: 3)
        let plainXML = SemcoZoomCore.SourceLocation(file: "buchungen.xml", elementPath: "/buchungen/buchung[3]")
        #expect(indexed == plainXML && indexed.hashValue == plainXML.hashValue)
        #expect(
            indexed.line == nil && indexed.elementPath == "/buchungen/buchung[3]"
                && indexed.description == "buchungen.xml /buchungen/buchung[3]")

        // Beyond 32 bits the location keeps its values in an origin of its own.
        let far = SemcoZoomCore.SourceLocation(origin: lines, line: Int(Int32.max) + 1)
        #expect(far == SemcoZoomCore.SourceLocation(file: "buchungen.csv", line: Int(Int32.max) + 1))

        // Codable: the same JSON as the three plain fields.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(fast), as: UTF8.self) == #"{"file":"buchungen.csv","line":7}"#)
        #expect(
            String(decoding: try encoder.encode(indexed), as: UTF8.self)
                == #"{"elementPath":"\/buchungen\/buchung[3]","file":"buchungen.xml"}"#)
        #expect(
            try JSONDecoder().decode(SemcoZoomCore.SourceLocation.self, from: try encoder.encode(indexed)) == indexed)

        var changed = fast
        changed.line = 9
        #expect(changed == SemcoZoomCore.SourceLocation(file: "buchungen.csv", line: 9))
    }

    @Test func aBookingIsHeldIn128Bytes() {
        #expect(MemoryLayout<SemcoZoomCore.SourceLocation>.size <= 16)
        #expect(MemoryLayout<Booking>.stride <= 128)
    }

    @Test func positionGroupsKeepTheOrderWithinAGroup() {
        var groups = PositionGroups(groupCount: 3, capacity: 8)
        for group in [2, nil, 0, 2, 1, nil, 2, 0] as [Int?] { groups.add(group) }
        let sorted = groups.sorted()
        #expect(Array(sorted.members(of: 0)) == [2, 7])
        #expect(Array(sorted.members(of: 1)) == [4])
        #expect(Array(sorted.members(of: 2)) == [0, 3, 6])
        #expect(PositionGroups(groupCount: 2, capacity: 0).sorted().members(of: 1).isEmpty)
    }

    @Test func exactBookingStatusOnlyDecidesSEMCOsOwnSpelling() {
        func exact(_ text: String) -> BookingStatus? {
            var text = text
            return text.withUTF8 { FieldValues.exactBookingStatus($0) }
        }
        for status in BookingStatus.allCases {
            #expect(exact(status.rawValue) == status)
            #expect(exact(status.rawValue) == FieldValues.bookingStatus(status.rawValue))
        }
        // Anything else is left to the general normalisation.
        for text in ["bestätigte buchung", "Besta\u{0308}tigte Buchung", "Storniert ", "", "Anfrage\u{00A0}", "Storno"]
        {
            #expect(exact(text) == nil)
        }
    }

    @Test func aPoolSharesOneStringPerLongValue() {
        let pool = StringPool(limit: 2)
        let first = pool.shared("Bäckerei Groß KG")
        let again = pool.shared(String(decoding: Array("Bäckerei Groß KG".utf8), as: UTF8.self))
        #expect(first == again && again == "Bäckerei Groß KG")
        #expect(pool.shared("Kurz") == "Kurz")
        #expect(pool.shared("Zweite Firma GmbH & Co.") == "Zweite Firma GmbH & Co.")
        // Past the limit values are handed out as they are, still equal.
        #expect(pool.shared("Dritte Firma AG, Köln") == "Dritte Firma AG, Köln")
    }

    @Test func companiesAndStatusThroughTheByteView() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text =
            "Buchungsnummer;Kursnr;Vorname;Nachname;E-Mail;Status;Teilnehmer der Firma\r\n"
            + "BN1;1;A;B;a@b.example; Bestätigte Buchung ;Bäckerei Groß KG\r\n"
            + "BN2;1;A;B;a@b.example;bestätigt;\u{00A0}Bäckerei Groß KG\r\n"
            + "BN3;1;A;B;a@b.example;Storniert;\r\n"
        let url = try dir.write("buchungen.csv", Data(text.utf8))
        var direct: [Booking] = []
        var general: [Booking] = []
        try CSVRecordReader.read(
            url: url, displayName: "buchungen.csv", kind: .bookings,
            headerMap: ExportFields.HeaderMap(kind: .bookings, configuredAliases: [:])
        ) {
            direct.append(try RecordBuilder.booking($0))
            general.append(try RecordBuilder.booking($0.rawRecord))
        }
        #expect(direct == general)
        #expect(direct.map(\.status) == [.confirmed, .confirmed, .cancelled])
        #expect(direct.map(\.company) == ["Bäckerei Groß KG", "Bäckerei Groß KG", nil])
    }

    @Test(
        arguments: [
            // Ascending, then a duplicate of an earlier number after the order breaks.
            (["BN1", "BN3", "BN2", "BN3"], 5, 3),
            // A duplicate right after its first occurrence (equal is not ascending).
            (["BN1", "BN2", "BN2"], 4, 3),
            // Out of order from the start, the duplicate far back.
            (["BN9", "BN1", "BN5", "BN9"], 5, 2),
        ] as [([String], Int, Int)])
    func duplicateBookingNumbersWhateverTheirOrder(numbers: [String], line: Int, firstLine: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let rows = numbers.map { "\($0);10062;Frau;Rita;Doro;doro@semcoft.com;;Bestätigte Buchung" }
        _ = try InputFixtures.drop(
            bookings: ([InputFixtures.bookingsHeader] + rows).joined(separator: "\n") + "\n", in: dir)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        #expect(rejection.line == line)
        #expect(rejection.message.en.contains("first on line \(firstLine)"))
    }

    @Test func distinctNumbersInAnyOrderAreAccepted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let rows = ["BN1", "BN3", "BN2", "BN10", "BN4"].map {
            "\($0);10062;Frau;Rita;Doro;doro@semcoft.com;;Bestätigte Buchung"
        }
        _ = try InputFixtures.drop(
            bookings: ([InputFixtures.bookingsHeader] + rows).joined(separator: "\n") + "\n", in: dir)
        #expect(try InputFixtures.read(dir.url).bookings.map(\.number) == ["BN1", "BN3", "BN2", "BN10", "BN4"])
    }

    @Test func bookingStatusSetMatchesASet() {
        let subsets: [[BookingStatus]] = [
            [], [.confirmed, .running], BookingStatus.allCases, [.cancelled], [.request, .finished],
        ]
        for subset in subsets {
            let bits = BookingStatusSet(subset)
            for status in BookingStatus.allCases { #expect(bits.contains(status) == Set(subset).contains(status)) }
        }
    }

    @Test(arguments: [
        "", "anna@x.example", "Anna@X.example", "ANNA", "jürgen@x.example", "JÜRGEN", "ß", "İ", "a-b_c.d@e.example",
        "Ω",
    ])
    func lowerCasingShortcutMatchesLowercased(text: String) {
        #expect(TextCase.lowercased(text) == text.lowercased())
    }

    @Test func withoutFingerprintsOnlyTheFilesAreMissing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        let selection = try DropDirectory.select(in: dir.url)
        let full = try SnapshotReader.readWithNotes(selection, configuration: Configuration())
        let bare = try SnapshotReader.readWithNotes(selection, configuration: Configuration(), fingerprints: false)
        #expect(full.snapshot.files.count == 3 && bare.snapshot.files.isEmpty)
        #expect(
            full.snapshot.courses == bare.snapshot.courses && full.snapshot.trainers == bare.snapshot.trainers
                && full.snapshot.bookings == bare.snapshot.bookings && full.notes == bare.notes)
    }

    @Test func lineBreaksCountedEightAtATimeMatchAByteCount() {
        // Every byte value, line breaks in every position of a word, other bytes below 0x0E,
        // and lengths that leave a tail.
        var generator = SystemRandomNumberGenerator()
        var samples: [[UInt8]] = [
            [], [0x0A], [0x0D], [0x0D, 0x0A], Array(0...255), Array(repeating: 0x0A, count: 17),
            Array(repeating: 0x0D, count: 17), Array(repeating: 0x8A, count: 9),
        ]
        for length in [7, 8, 9, 63, 64, 65, 1000] {
            samples.append(
                (0..<length).map { _ in [0x0A, 0x0D, 0x8A, 0x0B, 0x00, 0xFF, 0x41].randomElement(using: &generator)! })
        }
        for bytes in samples {
            // LF, CR and CRLF each once.
            var expected = 0
            for (i, b) in bytes.enumerated() where b == 0x0D || (b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D)) {
                expected += 1
            }
            var counter = LineBreakCounter()
            bytes.withUnsafeBufferPointer { counter.feed($0) }
            #expect(counter.count == expected, "\(bytes)")
        }
    }
}
