import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The validator's hand-written byte paths give the answers of the plain code they replaced.
@Suite struct ValidationFastPathTests {
    /// The address rule as first written (three passes over the bytes): the reference.
    static func referenceIsAcceptable(_ text: String) -> Bool {
        let bytes = Array(TextTrim.whitespaces(text).utf8)
        var at = -1
        for (i, b) in bytes.enumerated() {
            if b >= 0x80 { return false }
            if b == 0x40 {
                if at >= 0 { return false }
                at = i
            }
        }
        guard bytes.count <= 254, at >= 0 else { return false }
        let local = bytes[..<at]
        let domain = Array(bytes[(at + 1)...])
        guard !local.isEmpty, local.count <= 64, local.first != 0x2E, local.last != 0x2E else { return false }
        let allowedPunctuation = Array("!#$%&'*+-/=?^_`{|}~.".utf8)
        var previousDot = false
        for b in local {
            let alphanumeric = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            guard alphanumeric || allowedPunctuation.contains(b) else { return false }
            if b == 0x2E && previousDot { return false }
            previousDot = b == 0x2E
        }
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D else { return false }
            for b in label {
                let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                guard letter || (b >= 0x30 && b <= 0x39) || b == 0x2D else { return false }
            }
        }
        let last = labels.last!
        return labels.count >= 2 && last.count >= 2
            && last.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    @Test func addressCheckAgreesWithTheReference() {
        var generator = SplitMix(seed: 11)
        let pieces = [
            "a", "Z", "7", ".", "-", "@", "_", "+", " ", "ä", "x.y", "@b.de", "..", "-.", ".-", "\t", "!", "(", "com",
        ]
        var samples = [
            "", "@", "a@b", "a@b.de", "a@b.d", ".a@b.de", "a.@b.de", "a..b@c.de", "a@-b.de", "a@b-.de", "a@b..de",
            "a@b.de.", "a@.b.de", "a@@b.de", "a@b.d1", "a@1.de", " a@b.de ", "a@b.de\n", "A_B-c@x-y.de",
            String(repeating: "l", count: 64) + "@b.de", String(repeating: "l", count: 65) + "@b.de",
            "a@" + String(repeating: "d", count: 63) + ".de", "a@" + String(repeating: "d", count: 64) + ".de",
            "a@" + String(repeating: "dd.", count: 82) + "de", "a@" + String(repeating: "dd.", count: 83) + "de",
        ]
        for _ in 0..<20_000 {
            samples.append(
                (0..<Int.random(in: 1...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                    .joined())
        }
        for sample in samples {
            #expect(
                Validator.isAcceptableEmail(sample) == Self.referenceIsAcceptable(sample), "\(sample.debugDescription)")
        }
    }

    @Test func addressHashIgnoresASCIICaseOnly() {
        var generator = SplitMix(seed: 12)
        let alphabet = Array("aAzZmM09@.-_`{[@^~".utf8)
        for length in 0..<40 {
            for _ in 0..<50 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let lower = Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
                let upper = Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8)
                let hashes = [bytes, lower, upper].map { $0.withUnsafeBufferPointer { AddressTable.hash($0) } }
                #expect(Set(hashes).count == 1, "\(bytes)")
                let equal = bytes.withUnsafeBufferPointer { a in
                    upper.withUnsafeBufferPointer { AddressTable.equalIgnoringASCIICase(a, $0) }
                }
                #expect(equal)
            }
        }
        // Bytes that differ other than in case: `@` (0x40) and `` ` `` (0x60), `[` and `{`.
        for (a, b) in [("@", "`"), ("[", "{"), ("^", "~"), ("abcdefgh@", "abcdefgh`")] {
            #expect(
                !Array(a.utf8).withUnsafeBufferPointer { x in
                    Array(b.utf8).withUnsafeBufferPointer { AddressTable.equalIgnoringASCIICase(x, $0) }
                })
        }
    }

    @Test func duplicateAddressesAcrossManyCoursesAndCases() {
        // One table re-used over courses: an address seen in an earlier course is new again.
        var table = AddressTable()
        let addresses = (0..<300).map { "Person\($0 % 120)@Example.DE" }
        for course in 0..<3 {
            table.removeAll()
            var seen: [String: Int32] = [:]
            for (position, address) in addresses.enumerated() {
                let key = address.lowercased()
                let expected = seen[key]
                if expected == nil { seen[key] = Int32(position) }
                var bytes = course == 1 ? address.uppercased() : address
                let found = bytes.withUTF8 { mine in
                    table.insert(mine, position: Int32(position)) { earlier in
                        var other = course == 1 ? addresses[Int(earlier)].uppercased() : addresses[Int(earlier)]
                        return other.withUTF8 { AddressTable.equalIgnoringASCIICase(mine, $0) }
                    }
                }
                #expect(found == expected, "course \(course), \(address)")
            }
        }
    }
}
