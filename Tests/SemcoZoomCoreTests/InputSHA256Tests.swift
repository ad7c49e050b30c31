import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

@Suite struct InputSHA256Tests {
    @Test func knownVectors() {
        #expect(
            SHA256Hasher.hexDigest(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Hasher.hexDigest(of: Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Hasher.hexDigest(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func streamingEqualsOneShot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = Data((0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let url = try dir.write("blob.bin", data)
        var hasher = SHA256Hasher()
        var offset = 0
        for size in [1, 63, 64, 65, 1000, 4096] {
            hasher.update(data[offset..<(offset + size)])
            offset += size
        }
        hasher.update(data[offset...])
        #expect(hasher.finalizeHex() == SHA256Hasher.hexDigest(of: data))
        #expect(try SHA256Hasher.hexDigest(of: url) == SHA256Hasher.hexDigest(of: data))
    }
}
