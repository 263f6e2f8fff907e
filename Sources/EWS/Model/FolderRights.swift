// FolderRights: what the service account may do in a calendar folder.
import Foundation

/// What the service account may do in a calendar folder (`EffectiveRights`).
public struct FolderRights: Sendable, Equatable {
    public let read: Bool
    public let createContents: Bool
    public let modify: Bool
    public let delete: Bool

    /// Editor-level: read, create, change and delete items.
    public var isEditor: Bool { read && createContents && modify && delete }
}
