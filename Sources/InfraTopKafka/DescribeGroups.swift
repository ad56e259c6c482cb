/// DescribeGroups request (key 15): state and members of consumer groups,
/// sent to each group's coordinator.
package struct DescribeGroupsRequest: KafkaRequest {
    package typealias Response = DescribeGroupsResponse
    package static let apiKey = KafkaAPIKey.describeGroups
    package static let supportedVersions: ClosedRange<Int16> = 0...5
    package static let firstFlexibleVersion: Int16 = 5

    package var groupIDs: [String]
    /// Whether to return the authorized operations bitfield (v3+).
    package var includeAuthorizedOperations: Bool

    package init(groupIDs: [String], includeAuthorizedOperations: Bool = false) {
        self.groupIDs = groupIDs
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        try writer.writeStringArray(groupIDs)
        if version >= 3 { writer.writeBool(includeAuthorizedOperations) }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeGroupsRequest {
        var request = DescribeGroupsRequest(groupIDs: try reader.readStringArray())
        if version >= 3 { request.includeAuthorizedOperations = try reader.readBool() }
        try reader.readTaggedFields()
        return request
    }
}

/// DescribeGroups response: each group's state, protocol and members.
package struct DescribeGroupsResponse: KafkaResponse {
    package static let apiKey = KafkaAPIKey.describeGroups
    package static let supportedVersions = DescribeGroupsRequest.supportedVersions
    package static let firstFlexibleVersion = DescribeGroupsRequest.firstFlexibleVersion

    /// One consumer in a group. Metadata and assignment stay raw bytes: their
    /// format belongs to the group's protocol, not to this API.
    package struct Member: Sendable, Equatable {
        package var memberID: String
        /// The static membership id (v4+), nil for dynamic members.
        package var groupInstanceID: String?
        package var clientID: String
        package var clientHost: String
        package var memberMetadata: [UInt8]
        package var memberAssignment: [UInt8]

        init(
            memberID: String, groupInstanceID: String? = nil, clientID: String, clientHost: String,
            memberMetadata: [UInt8] = [], memberAssignment: [UInt8] = []
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }
    }

    package struct Group: Sendable, Equatable {
        package var errorCode: KafkaErrorCode
        package var groupID: String
        /// "Stable", "PreparingRebalance", "CompletingRebalance", "Empty" or "Dead".
        package var groupState: String
        package var protocolType: String
        /// The assignor in use, such as "range" or "cooperative-sticky".
        package var protocolData: String
        package var members: [Member]
        /// Authorized operations bitfield (v3+), Int32.min when not asked for.
        package var authorizedOperations: Int32

        package init(
            errorCode: KafkaErrorCode = .none, groupID: String, groupState: String, protocolType: String,
            protocolData: String, members: [Member], authorizedOperations: Int32 = Int32.min
        ) {
            self.errorCode = errorCode
            self.groupID = groupID
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }
    }

    /// Milliseconds the broker throttled the request (v1+).
    package var throttleTimeMs: Int32
    package var groups: [Group]

    package init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    package func encode(into writer: inout KafkaWriter, version: Int16) throws {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        try writer.writeArray(groups) { writer, group in
            writer.writeErrorCode(group.errorCode)
            try writer.writeString(group.groupID)
            try writer.writeString(group.groupState)
            try writer.writeString(group.protocolType)
            try writer.writeString(group.protocolData)
            try writer.writeArray(group.members) { writer, member in
                try writer.writeString(member.memberID)
                if version >= 4 { try writer.writeNullableString(member.groupInstanceID) }
                try writer.writeString(member.clientID)
                try writer.writeString(member.clientHost)
                try writer.writeBytes(member.memberMetadata)
                try writer.writeBytes(member.memberAssignment)
                writer.writeEmptyTaggedFields()
            }
            if version >= 3 { writer.writeInt32(group.authorizedOperations) }
            writer.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }

    package static func decode(from reader: inout KafkaReader, version: Int16) throws -> DescribeGroupsResponse {
        var response = DescribeGroupsResponse(groups: [])
        if version >= 1 { response.throttleTimeMs = try reader.readInt32() }
        response.groups = try reader.readArray(minimumElementSize: 6) { reader in
            var group = Group(
                errorCode: try reader.readErrorCode(), groupID: try reader.readString(),
                groupState: try reader.readString(), protocolType: try reader.readString(),
                protocolData: try reader.readString(), members: [])
            group.members = try reader.readArray(minimumElementSize: 4) { reader in
                let memberID = try reader.readString()
                let groupInstanceID = version >= 4 ? try reader.readNullableString() : nil
                let member = Member(
                    memberID: memberID, groupInstanceID: groupInstanceID, clientID: try reader.readString(),
                    clientHost: try reader.readString(), memberMetadata: try reader.readBytes(),
                    memberAssignment: try reader.readBytes())
                try reader.readTaggedFields()
                return member
            }
            if version >= 3 { group.authorizedOperations = try reader.readInt32() }
            try reader.readTaggedFields()
            return group
        }
        try reader.readTaggedFields()
        return response
    }
}
