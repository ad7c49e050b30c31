import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct InputDropDirectoryTests {
    @Test func classifiesByNameCaseInsensitivelyAndIgnoresTheRest() {
        #expect(ExportFileName.classify("Kurse_20270301.CSV")! == (.courses, .csv))
        #expect(ExportFileName.classify("courses.xml")! == (.courses, .xml))
        #expect(ExportFileName.classify("KURSTERMINE-2027.csv")! == (.sessions, .csv))
        #expect(ExportFileName.classify("sessions.csv")! == (.sessions, .csv))
        #expect(ExportFileName.classify("Trainerzuordnung.xml")! == (.trainers, .xml))
        #expect(ExportFileName.classify("buchungen.csv")! == (.bookings, .csv))
        #expect(ExportFileName.classify("Bookings_x.XML")! == (.bookings, .xml))
        for ignored in [
            ".kurse.csv", "kurse.csv.part", "kurse.csv.tmp", "kurse.csv.partial", "kurse.txt", "kurs.csv",
            "kursteilnehmer.csv", "README.md", "kurse.csv.PART",
        ] {
            #expect(ExportFileName.classify(ignored) == nil, "\(ignored)")
        }
    }

    @Test func timestampsInNames() {
        #expect(ExportFileName.timestamp(in: "kurse_20270301_2200.csv") == "20270301220000")
        #expect(ExportFileName.timestamp(in: "buchungen-2027-03-01T22-00.xml") == "20270301220000")
        #expect(ExportFileName.timestamp(in: "kurse20270301T221530.csv") == "20270301221530")
        #expect(ExportFileName.timestamp(in: "kurse_202703012215.csv") == "20270301221500")
        #expect(ExportFileName.timestamp(in: "kurse_20270301.csv") == "20270301000000")
        #expect(ExportFileName.timestamp(in: "kurse-v2_20270302-0600.csv") == "20270302060000")
        #expect(ExportFileName.timestamp(in: "kurse.csv") == nil)
        #expect(ExportFileName.timestamp(in: "kurse_20271399.csv") == nil)
        #expect(ExportFileName.timestamp(in: "kurse_123.csv") == nil)
    }

    @Test func newestByTimestampWinsAndOthersAreSuperseded() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("kurse.csv"))
        let old = try dir.write("kurse_20270301_2200.csv", "old")
        let new = try dir.write("Kurse-2027-03-02T06-00.xml", "new")
        let older = try dir.write("kurse_20270228.csv", "older")
        // mtime says otherwise: the name wins.
        try InputFixtures.setModified(new, Date(timeIntervalSince1970: 1_000))
        try InputFixtures.setModified(old, Date())
        try dir.write("kurse_20270303.csv.part", "being written")
        try dir.write(".kurse_20270304.csv", "hidden")
        let selection = try DropDirectory.select(in: dir.url)
        #expect(selection.files[.courses]?.url.lastPathComponent == new.lastPathComponent)
        #expect(selection.files[.courses]?.format == .xml)
        #expect(selection.files[.courses]?.fromArchive == false)
        #expect(Set(selection.superseded.map(\.lastPathComponent)) == [old.lastPathComponent, older.lastPathComponent])
        #expect(selection.files[.sessions] == nil)
    }

    @Test func newestByModificationTimeWithoutTimestamps() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        let a = dir.url.appendingPathComponent("buchungen.csv")
        let b = try dir.write("bookings.csv", "x")
        try InputFixtures.setModified(a, Date(timeIntervalSince1970: 2_000_000_000))
        try InputFixtures.setModified(b, Date(timeIntervalSince1970: 1_900_000_000))
        #expect(try DropDirectory.select(in: dir.url).files[.bookings]?.url.lastPathComponent == "buchungen.csv")
        try InputFixtures.setModified(b, Date(timeIntervalSince1970: 2_100_000_000))
        let selection = try DropDirectory.select(in: dir.url)
        #expect(selection.files[.bookings]?.url.lastPathComponent == "bookings.csv")
        #expect(selection.superseded.map(\.lastPathComponent) == ["buchungen.csv"])
    }

    @Test func missingDropDirectoryIsARejection() {
        #expect(throws: InputRejection.self) {
            try DropDirectory.select(in: URL(fileURLWithPath: "/nonexistent/drop-\(UUID())"))
        }
    }

    @Test func archiveMovesUsedAndSupersededFilesOwnerOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(in: dir)
        try dir.write("trainer_20200101.csv", "superseded")
        try dir.write("notes.txt", "not an export")
        let selection = try DropDirectory.select(in: dir.url)
        #expect(selection.superseded.map(\.lastPathComponent) == ["trainer_20200101.csv"])
        try DropDirectory.archive(selection, runID: "20270302T060000Z")
        let target = dir.url.appendingPathComponent("archive/20270302T060000Z")
        let moved = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        #expect(moved == ["buchungen.csv", "kurse.csv", "trainer.csv", "trainer_20200101.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["archive", "notes.txt"])
        #expect(try InputFixtures.mode(dir.url.appendingPathComponent("archive")) == 0o700)
        #expect(try InputFixtures.mode(target) == 0o700)
        for name in moved { #expect(try InputFixtures.mode(target.appendingPathComponent(name)) == 0o600) }
        #expect(try String(contentsOf: target.appendingPathComponent("trainer.csv"), encoding: .utf8).contains("Maria"))
    }

    @Test func nothingNewReusesTheNewestArchivedFilePerKind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(sessions: "Kursnr;Datum;von;bis\n10062;12.04.2027;16:00;21:00\n", in: dir)
        try DropDirectory.archive(try DropDirectory.select(in: dir.url), runID: "run-1")
        // A second run brings only new bookings.
        try dir.write("buchungen.csv", "\(InputFixtures.bookingsHeader)\nBN2;10062;Frau;Eva;Roth;e@y.de;;Anfrage\n")
        let second = try DropDirectory.select(in: dir.url)
        #expect(second.files[.bookings]?.fromArchive == false)
        #expect(second.files[.courses]?.fromArchive == true)
        #expect(second.files[.courses]?.url.path.hasSuffix("archive/run-1/kurse.csv") == true)
        #expect(second.files[.sessions]?.fromArchive == true)
        let snapshot = try SnapshotReader.read(second, configuration: Configuration())
        #expect(snapshot.bookings.map(\.number) == ["BN2"])
        #expect(snapshot.courses[0].scheduledDates.count == 1)
        try DropDirectory.archive(second, runID: "run-2")
        // Only the new file moved; the archived ones stay where they were.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("archive/run-2").path)
                == ["buchungen.csv"])
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("archive/run-1/kurse.csv").path))
        // Third run, nothing new: the newer archived bookings win.
        let third = try DropDirectory.select(in: dir.url)
        #expect(third.files[.bookings]?.url.path.hasSuffix("archive/run-2/buchungen.csv") == true)
        #expect(try SnapshotReader.read(third, configuration: Configuration()).bookings.map(\.number) == ["BN2"])
    }

    @Test func newCoursesNeverTakeArchivedSessions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(sessions: "Kursnr;Datum;von;bis\n10062;12.04.2027;16:00;21:00\n", in: dir)
        try DropDirectory.archive(try DropDirectory.select(in: dir.url), runID: "run-1")
        _ = try InputFixtures.drop(in: dir)
        let selection = try DropDirectory.select(in: dir.url)
        #expect(selection.files[.courses]?.fromArchive == false)
        #expect(selection.files[.sessions] == nil)
    }

    @Test func rejectMovesFilesAndWritesReasonOwnerOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try InputFixtures.drop(
            bookings: "\(InputFixtures.bookingsHeader)\n\(InputFixtures.bookingRow)\n\(InputFixtures.bookingRow)\n",
            in: dir)
        try DropDirectory.archive(try DropDirectory.select(in: dir.url), runID: "good")
        try dir.write(
            "buchungen.csv",
            "\(InputFixtures.bookingsHeader)\n\(InputFixtures.bookingRow)\n\(InputFixtures.bookingRow)\n")
        let selection = try DropDirectory.select(in: dir.url)
        let rejection = try #require(InputFixtures.rejection(dir.url))
        try DropDirectory.reject(selection, runID: "bad-run", reason: rejection.message.de)
        let target = dir.url.appendingPathComponent("rejected/bad-run")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == [
                "REASON.txt", "buchungen.csv",
            ])
        let reason = try String(contentsOf: target.appendingPathComponent("REASON.txt"), encoding: .utf8)
        #expect(reason.hasPrefix(rejection.message.de))
        #expect(reason.contains("archive/good/kurse.csv"))
        #expect(try InputFixtures.mode(target.appendingPathComponent("REASON.txt")) == 0o600)
        #expect(try InputFixtures.mode(target.appendingPathComponent("buchungen.csv")) == 0o600)
        #expect(try InputFixtures.mode(target) == 0o700)
        #expect(try InputFixtures.mode(dir.url.appendingPathComponent("rejected")) == 0o700)
        // The last accepted snapshot is untouched.
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("archive/good/kurse.csv").path))
        // Nothing is ever overwritten: a second rejection under the same run id refuses REASON.txt.
        #expect(throws: FileSystemError.self) { try DropDirectory.reject(selection, runID: "bad-run", reason: "again") }
    }

    @Test func runIDMustBeAPlainName() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let selection = try DropDirectory.select(in: try InputFixtures.drop(in: dir))
        #expect(throws: FileSystemError.self) { try DropDirectory.archive(selection, runID: "../escape") }
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("kurse.csv").path))
    }
}
