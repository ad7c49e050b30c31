import Foundation

/// A Zoom user's licence (Zoom's user `type`, mapped in Zoom/ZoomMeetingKind.swift): only a
/// licensed user hosts a meeting with registration or is taken as an alternative host.
public enum UserLicence: Sendable, Hashable {
    /// Zoom's Basic user, without a licence.
    case basic
    /// A licensed user.
    case licensed
    /// Any other kind of user (no licence assigned, …), kept as Zoom numbers it.
    case other(zoomType: Int)
}

/// What Zoom says about a co-trainer's Zoom user: whether it can be an alternative host.
public enum ZoomUserStanding: Sendable, Equatable {
    /// A licensed (type 2), active user of the account: Zoom takes it as an alternative host.
    case licensed
    /// A user of the account Zoom does not take as an alternative host: a Basic user or one
    /// without a licence, or an account that is not active (`status` pending / inactive).
    case unlicensed(UserLicence, status: String?)
    /// No such user in the account (404 / 1001; 400 / 1120: the invitation expired).
    case missing
    /// Zoom could not be asked (timeout, 429, 5xx, …): nothing is decided about the person.
    case unavailable(ZoomError)

    /// Reads `GET /users/{userId}`'s answer.
    public init(_ user: ZoomUser) {
        let status = user.status.map { $0.lowercased() }
        if user.licence == .licensed, status == nil || status == "active" {
            self = .licensed
        } else {
            self = .unlicensed(user.licence, status: user.status)
        }
    }
}

/// Reads the co-trainers' Zoom users before planning, with `alternative_hosts: trainers` only:
/// one `GET /users/{address}` per distinct address of the run (docs/sync-rules.md).
public enum ZoomUserLookup {
    /// The trainers' addresses of the courses the run syncs (lower-case, sorted). A host's own
    /// address is among them: Zoom may show another host, which makes the former one a co-trainer.
    public static func addresses(of desired: DesiredState) -> [String] {
        var addresses: Set<String> = []
        for course in desired.courses {
            guard case .sync = course.intent else { continue }
            for trainer in course.trainers { if let user = trainer.zoomUser { addresses.insert(user) } }
        }
        return addresses.sorted()
    }

    /// Each address's standing; concurrent up to `limit`.
    public static func lookUp(_ addresses: [String], client: any ZoomClient, limit: Int) async
        -> [String: ZoomUserStanding]
    {
        let answers = await ZoomObserver.bounded(addresses, limit: limit) { address -> ZoomUserStanding in
            do {
                return ZoomUserStanding(try await client.getUser(id: address, context: .none))
            } catch let error as ZoomError {
                if error.isUserMissing { return .missing }
                if case .api(400, 1120, _, _) = error { return .missing }
                return .unavailable(error)
            } catch {
                return .unavailable(.invalidResponse(method: "GET", path: "/users/{userId}", reason: "\(error)"))
            }
        }
        var result: [String: ZoomUserStanding] = [:]
        for (address, standing) in zip(addresses, answers) { result[address] = standing }
        return result
    }
}
