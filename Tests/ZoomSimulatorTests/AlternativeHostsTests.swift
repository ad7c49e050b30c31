import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator alternative hosts")
struct SimulatorAlternativeHostsTests {
    static let cohost = "cohost@example.com"

    /// A meeting with registration whose settings carry `alternative_hosts`.
    static func body(alternativeHosts: String) -> JSONValue {
        guard case .object(var object) = Fixture.meetingBody(approval: 1),
            case .object(var settings)? = object["settings"]
        else { return .null }
        settings["alternative_hosts"] = .string(alternativeHosts)
        object["settings"] = .object(settings)
        return .object(object)
    }

    @Test(
        "settings.alternative_hosts is taken on create and PATCH and answered by GET; an address that is no licensed user of the account refuses the whole request with 400/1115"
    )
    func alternativeHosts() async throws {
        try await Fixture.run({
            $0.users.append(SimulatedUser(email: Self.cohost, type: 2, firstName: "Co", lastName: "Host"))
        }) { simulator, client, token in
            let created = try await Fixture.create(client, token, Self.body(alternativeHosts: Self.cohost))
            let id = try #require(created["id"]?.intValue)
            #expect(created["settings"]?["alternative_hosts"]?.stringValue == Self.cohost)
            let got = try await client.api("GET", "/meetings/\(id)", token: token)
            #expect(got.json?["settings"]?["alternative_hosts"]?.stringValue == Self.cohost)
            #expect(await simulator.snapshot().meeting(id)?.alternativeHosts == Self.cohost)

            // A Basic user and an address not in the account: refused, nothing changed.
            for refused in [Fixture.basicUser, "fremd@example.org"] {
                let patch = try await client.api(
                    "PATCH", "/meetings/\(id)",
                    body: ["topic": "Neu", "settings": ["alternative_hosts": .string("\(Self.cohost);\(refused)")]],
                    token: token)
                #expect(patch.status == 400)
                #expect(patch.code == 1115)
                #expect(patch.json?["message"]?.stringValue?.contains(refused) == true)
                let after = try await client.api("GET", "/meetings/\(id)", token: token)
                #expect(after.json?["topic"]?.stringValue == "Excel Grundlagen")
                #expect(after.json?["settings"]?["alternative_hosts"]?.stringValue == Self.cohost)
            }
            let create = try await client.api(
                "POST", "/users/\(Fixture.host)/meetings", body: Self.body(alternativeHosts: Fixture.basicUser),
                token: token)
            #expect(create.status == 400 && create.code == 1115)
            #expect(await simulator.snapshot().meetings.count == 1)

            // The case of an address does not matter; an empty value clears the field.
            let upper = try await client.api(
                "PATCH", "/meetings/\(id)", body: ["settings": ["alternative_hosts": "CoHost@Example.com"]],
                token: token)
            #expect(upper.status == 204)
            let cleared = try await client.api(
                "PATCH", "/meetings/\(id)", body: ["settings": ["alternative_hosts": ""]], token: token)
            #expect(cleared.status == 204)
            #expect(await simulator.snapshot().meeting(id)?.alternativeHosts == "")
        }
    }
}
