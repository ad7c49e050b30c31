import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// Zoom's OpenAPI documents in Tests/Fixtures/zoom-openapi/ are Zoom's, unedited: each file's
/// SHA-256 is the one its SOURCE.md records, and SOURCE.md lists every document there.
@Suite struct ZoomOpenAPIFixtureTests {
    /// `| file.json | sha256 |` rows of SOURCE.md.
    static func recordedHashes() throws -> [String: String] {
        let source = try String(contentsOf: RepositoryFiles.zoomOpenAPI("SOURCE.md"), encoding: .utf8)
        var hashes: [String: String] = [:]
        for line in source.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count == 2, cells[0].hasSuffix(".json") { hashes[cells[0]] = cells[1] }
        }
        return hashes
    }

    @Test("every document's SHA-256 is the one SOURCE.md records")
    func documentsAreUnedited() throws {
        let recorded = try Self.recordedHashes()
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.zoomOpenAPIDirectory.path)
            .filter { $0.hasSuffix(".json") }
        #expect(Set(recorded.keys) == Set(onDisk))
        #expect(Set(recorded.keys) == [RepositoryFiles.zoomMeetingsAPI, RepositoryFiles.zoomUsersAPI])
        for (name, hash) in recorded {
            let data = try Data(contentsOf: RepositoryFiles.zoomOpenAPI(name))
            #expect(SHA256Hasher.hexDigest(of: data) == hash, "\(name) differs from what Zoom published")
        }
    }
}
