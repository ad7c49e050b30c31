import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// Minimal valid exports, to be varied per test.
enum InputFixtures {
    static let coursesHeader =
        "Kursnr;Kurstitel;Kursstatus;Veranstaltungsort;Startdatum;Enddatum;Moderator des Webinars;Montag von;Montag bis"
    static let courseRow =
        "10062;Narkose Grundschulung - Zoom-Webinar am Abend;bestätigt;Zoom Meeting Room;12.04.2027;16.04.2027;Trainer;16:00;21:00"
    static let trainersHeader = "Kursnr;Kürzel;Vorname;Nachname;Zoom Benutzername;Moderator;Zugang aktiv"
    static let trainerRow = "10062;MBE;Maria;Berger;m.berger@semcosoft.com;Ja;Ja"
    static let bookingsHeader = "Buchungsnummer;Kursnr;Anrede;Vorname;Nachname;E-Mail;Teilnehmer der Firma;Status"
    static let bookingRow = "BN27-00159;10062;Frau;Rita;Doro;doro@semcoft.com;;Bestätigte Buchung"

    /// A drop directory with the three required CSV exports; pass text to override one.
    static func drop(
        courses: String? = nil, trainers: String? = nil, bookings: String? = nil, sessions: String? = nil,
        in dir: TemporaryDirectory
    ) throws -> URL {
        try dir.write("kurse.csv", courses ?? "\(coursesHeader)\n\(courseRow)\n")
        try dir.write("trainer.csv", trainers ?? "\(trainersHeader)\n\(trainerRow)\n")
        try dir.write("buchungen.csv", bookings ?? "\(bookingsHeader)\n\(bookingRow)\n")
        if let sessions { try dir.write("kurstermine.csv", sessions) }
        return dir.url
    }

    static func read(_ drop: URL, configuration: Configuration = Configuration()) throws -> Snapshot {
        try SnapshotReader.read(DropDirectory.select(in: drop), configuration: configuration)
    }

    /// The rejection `read` throws, or nil.
    static func rejection(_ drop: URL, configuration: Configuration = Configuration()) -> InputRejection? {
        do {
            _ = try read(drop, configuration: configuration)
            return nil
        } catch let rejection as InputRejection {
            return rejection
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Every file below `dir` with its bytes and mode, to prove a directory unchanged.
    static func fingerprint(_ dir: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let base = dir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return result }
        for case let relative as String in walker {
            let path = base + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                result[relative] = "dir \(mode)"
            } else {
                result[relative] =
                    "file \(mode) \(modified) \(SHA256Hasher.hexDigest(of: try Data(contentsOf: URL(fileURLWithPath: path))))"
            }
        }
        return result
    }

    static var samplesDirectory: URL { RepositoryFiles.samples }

    static func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    static func setModified(_ url: URL, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
    }
}

extension Snapshot {
    /// The snapshot without where things came from (to compare a CSV and an XML read).
    var withoutSources: Snapshot {
        var copy = self
        let nowhere = SourceLocation(file: "")
        copy.files = []
        copy.courses = courses.map { course in
            var c = course
            c.source = nowhere
            c.scheduledDates = c.scheduledDates.map {
                var d = $0
                d.source = nil
                return d
            }
            return c
        }
        copy.trainers = trainers.map {
            var t = $0
            t.source = nowhere
            return t
        }
        copy.bookings = bookings.map {
            var b = $0
            b.source = nowhere
            return b
        }
        return copy
    }
}
