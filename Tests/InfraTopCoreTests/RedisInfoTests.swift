import Foundation
import NIOCore
import Testing
@testable import InfraTopCore
@testable import InfraTopRedis

/// `INFO` as redis-server 7.0.15 (Debian 12) printed it, with `maxmemory 256mb`,
/// `allkeys-lru`, `appendonly yes` and two keys, one with a TTL. Lines are joined
/// with CRLF below, as the server sends them.
let capturedInfoLines = #"""
# Server
redis_version:7.0.15
redis_git_sha1:00000000
redis_git_dirty:0
redis_build_id:ae4d7c971a948f0
redis_mode:standalone
os:Linux 6.18.44-fc-v657 x86_64
arch_bits:64
monotonic_clock:POSIX clock_gettime
multiplexing_api:epoll
atomicvar_api:c11-builtin
gcc_version:12.2.0
process_id:15203
process_supervised:no
run_id:1a79b4b2d9bfab535378ac4ac0aac26938edf8e4
tcp_port:6399
server_time_usec:1795597829489798
uptime_in_seconds:1
uptime_in_days:0
hz:10
configured_hz:10
lru_clock:435717
executable:/tmp/redis-cap/redis-server
config_file:
io_threads_active:0

# Clients
connected_clients:1
cluster_connections:0
maxclients:10000
client_recent_max_input_buffer:0
client_recent_max_output_buffer:0
blocked_clients:0
tracking_clients:0
clients_in_timeout_table:0

# Memory
used_memory:967232
used_memory_human:944.56K
used_memory_rss:7139328
used_memory_rss_human:6.81M
used_memory_peak:967232
used_memory_peak_human:944.56K
used_memory_peak_perc:100.20%
used_memory_overhead:877000
used_memory_startup:876520
used_memory_dataset:90232
used_memory_dataset_perc:99.47%
allocator_allocated:1789472
allocator_active:1941504
allocator_resident:4706304
total_system_memory:25276510208
total_system_memory_human:23.54G
used_memory_lua:32768
used_memory_vm_eval:32768
used_memory_lua_human:32.00K
used_memory_scripts_eval:0
number_of_cached_scripts:0
number_of_functions:0
number_of_libraries:0
used_memory_vm_functions:33792
used_memory_vm_total:66560
used_memory_vm_total_human:65.00K
used_memory_functions:200
used_memory_scripts:200
used_memory_scripts_human:200B
maxmemory:268435456
maxmemory_human:256.00M
maxmemory_policy:allkeys-lru
allocator_frag_ratio:1.08
allocator_frag_bytes:152032
allocator_rss_ratio:2.42
allocator_rss_bytes:2764800
rss_overhead_ratio:1.52
rss_overhead_bytes:2433024
mem_fragmentation_ratio:7.71
mem_fragmentation_bytes:6212832
mem_not_counted_for_evict:112
mem_replication_backlog:0
mem_total_replication_buffers:0
mem_clients_slaves:0
mem_clients_normal:0
mem_cluster_links:0
mem_aof_buffer:112
mem_allocator:jemalloc-5.3.0
active_defrag_running:0
lazyfree_pending_objects:0
lazyfreed_objects:0

# Persistence
loading:0
async_loading:0
current_cow_peak:0
current_cow_size:0
current_cow_size_age:0
current_fork_perc:0.00
current_save_keys_processed:0
current_save_keys_total:0
rdb_changes_since_last_save:2
rdb_bgsave_in_progress:0
rdb_last_save_time:1795597828
rdb_last_bgsave_status:ok
rdb_last_bgsave_time_sec:-1
rdb_current_bgsave_time_sec:-1
rdb_saves:0
rdb_last_cow_size:0
rdb_last_load_keys_expired:0
rdb_last_load_keys_loaded:0
aof_enabled:1
aof_rewrite_in_progress:0
aof_rewrite_scheduled:0
aof_last_rewrite_time_sec:-1
aof_current_rewrite_time_sec:-1
aof_last_bgrewrite_status:ok
aof_rewrites:0
aof_rewrites_consecutive_failures:0
aof_last_write_status:ok
aof_last_cow_size:0
module_fork_in_progress:0
module_fork_last_cow_size:0
aof_current_size:108
aof_base_size:0
aof_pending_rewrite:0
aof_buffer_length:0
aof_pending_bio_fsync:0
aof_delayed_fsync:0

# Stats
total_connections_received:3
total_commands_processed:5
instantaneous_ops_per_sec:1
total_net_input_bytes:164
total_net_output_bytes:25
total_net_repl_input_bytes:0
total_net_repl_output_bytes:0
instantaneous_input_kbps:0.03
instantaneous_output_kbps:0.01
instantaneous_input_repl_kbps:0.00
instantaneous_output_repl_kbps:0.00
rejected_connections:0
sync_full:0
sync_partial_ok:0
sync_partial_err:0
expired_keys:0
expired_stale_perc:0.00
expired_time_cap_reached_count:0
expire_cycle_cpu_milliseconds:0
evicted_keys:0
evicted_clients:0
total_eviction_exceeded_time:0
current_eviction_exceeded_time:0
keyspace_hits:0
keyspace_misses:0
pubsub_channels:0
pubsub_patterns:0
pubsubshard_channels:0
latest_fork_usec:0
total_forks:0
migrate_cached_sockets:0
slave_expires_tracked_keys:0
active_defrag_hits:0
active_defrag_misses:0
active_defrag_key_hits:0
active_defrag_key_misses:0
total_active_defrag_time:0
current_active_defrag_time:0
tracking_total_keys:0
tracking_total_items:0
tracking_total_prefixes:0
unexpected_error_replies:0
total_error_replies:0
dump_payload_sanitizations:0
total_reads_processed:8
total_writes_processed:5
io_threaded_reads_processed:0
io_threaded_writes_processed:0
reply_buffer_shrinks:0
reply_buffer_expands:0

# Replication
role:master
connected_slaves:0
master_failover_state:no-failover
master_replid:0c35340cb52f7d14681129d2ded2ab83ea4b4d96
master_replid2:0000000000000000000000000000000000000000
master_repl_offset:0
second_repl_offset:-1
repl_backlog_active:0
repl_backlog_size:1048576
repl_backlog_first_byte_offset:0
repl_backlog_histlen:0

# CPU
used_cpu_sys:0.000000
used_cpu_user:0.006201
used_cpu_sys_children:0.000000
used_cpu_user_children:0.000000
used_cpu_sys_main_thread:0.000000
used_cpu_user_main_thread:0.005765

# Modules

# Errorstats

# Cluster
cluster_enabled:0

# Keyspace
db0:keys=2,expires=1,avg_ttl=0
"""#

let capturedInfo = capturedInfoLines.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n") + "\r\n"

@Suite struct RedisInfoTests {
    let info = RedisInfo(parsing: capturedInfo)

    @Test func readsTypedFieldsFromCapturedInfo() {
        #expect(info.redisVersion == "7.0.15")
        #expect(info.uptimeInSeconds == 1)
        #expect(info.connectedClients == 1)
        #expect(info.blockedClients == 0)
        #expect(info.usedMemory == 967_232)
        #expect(info.memoryNotCountedForEviction == 112)
        #expect(info.memoryCountedForEviction == 967_120)
        #expect(info.usedMemoryRSS == 7_139_328)
        #expect(info.usedMemoryPeak == 967_232)
        #expect(info.maxmemory == .bytes(268_435_456))
        #expect(info.maxmemory?.bytes == 268_435_456)
        #expect(info.maxmemoryPolicy == "allkeys-lru")
        #expect(info.memoryFragmentationRatio == 7.71)
        #expect(info.isAOFEnabled == true)
        #expect(info.aofLastWriteStatus == "ok")
        #expect(info.isAOFRewriteInProgress == false)
        #expect(info.rdbLastBackgroundSaveStatus == "ok")
        #expect(info.rdbChangesSinceLastSave == 2)
        #expect(info.totalCommandsProcessed == 5)
        #expect(info.instantaneousOpsPerSecond == 1)
        #expect(info.rejectedConnections == 0)
        #expect(info.expiredKeys == 0)
        #expect(info.evictedKeys == 0)
        #expect(info.evictedClients == 0)
        #expect(info.totalEvictionExceededTime == 0)
        #expect(info.currentEvictionExceededTime == 0)
        #expect(info.keyspaceHits == 0)
        #expect(info.keyspaceMisses == 0)
        #expect(info.role == "master")
        #expect(info.connectedReplicas == 0)
        #expect(info.masterLinkStatus == nil)
        #expect(info.databases == [RedisInfo.Database(index: 0, keys: 2, expires: 1, averageTTL: 0)])
    }

    @Test func keepsEveryFieldIncludingUnknownOnes() {
        #expect(info.fields.count == 188)
        #expect(info.fields["mem_allocator"] == "jemalloc-5.3.0")
        #expect(info.fields["executable"] == "/tmp/redis-cap/redis-server")
        #expect(info.fields["config_file"] == "")
        #expect(info.fields["os"] == "Linux 6.18.44-fc-v657 x86_64")
        #expect(info.fields["# Server"] == nil)
    }

    @Test func stripsVerbatimPrefix() {
        #expect(RedisInfo(parsing: "txt:" + capturedInfo) == info)
        #expect(RedisInfo(reply: .verbatimString(format: "txt", text: capturedInfo)) == info)
        #expect(RedisInfo(reply: .bulkString(ByteBuffer(string: capturedInfo))) == info)
    }

    @Test func decodesRESP3VerbatimReplyIntoTheSameInfo() throws {
        let payload = "txt:" + capturedInfo
        var buffer = ByteBuffer(string: "=\(payload.utf8.count)\r\n\(payload)\r\n")
        let reply = try #require(try RESPDecoder().decode(&buffer))
        #expect(RedisInfo(reply: reply) == info)
    }

    @Test func rejectsRepliesThatAreNotText() {
        #expect(RedisInfo(reply: .integer(1)) == nil)
        #expect(RedisInfo(reply: .bulkString(nil)) == nil)
    }

    @Test func toleratesMissingFieldsAndBareLineFeeds() {
        let old = RedisInfo(parsing: "# Server\nredis_version:2.8.24\nuptime_in_seconds:12\n\n# Keyspace\ndb3:keys=10,expires=2\n")
        #expect(old.redisVersion == "2.8.24")
        #expect(old.uptimeInSeconds == 12)
        #expect(old.evictedClients == nil)
        #expect(old.maxmemory == nil)
        #expect(old.usedMemory == nil)
        #expect(old.databases == [RedisInfo.Database(index: 3, keys: 10, expires: 2, averageTTL: nil)])
    }

    @Test func distinguishesNoMemoryLimitFromMissingField() {
        let unlimited = RedisInfo(parsing: "maxmemory:0\r\n")
        #expect(unlimited.maxmemory == .unlimited)
        #expect(unlimited.maxmemory?.bytes == nil)
        #expect(RedisInfo(parsing: "").maxmemory == nil)
    }

    @Test func splitsOnlyAtTheFirstColon() {
        let parsed = RedisInfo(parsing: "executable:/opt/redis:7/bin/redis-server\r\nmaster_host:fe80::1\r\n")
        #expect(parsed.fields["executable"] == "/opt/redis:7/bin/redis-server")
        #expect(parsed.fields["master_host"] == "fe80::1")
    }

    @Test func readsSeveralDatabasesInOrder() {
        let parsed = RedisInfo(parsing: "# Keyspace\r\ndb2:keys=5,expires=5,avg_ttl=3000\r\ndb0:keys=1,expires=0,avg_ttl=0\r\ndbx:keys=1\r\n")
        #expect(parsed.databases == [
            RedisInfo.Database(index: 0, keys: 1, expires: 0, averageTTL: 0),
            RedisInfo.Database(index: 2, keys: 5, expires: 5, averageTTL: 3000),
        ])
    }
}
