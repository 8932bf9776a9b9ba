#include "replicationclient.h"

#include "cborwriter.h"
#include "dbstore.h"
#include "divergencereport.h"
#include "epolldispatcher.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "relaylog.h"
#include "replicationreceiver.h"

#include <QAbstractEventDispatcher>
#include <QHostAddress>
#include <QJsonArray>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::db {

using roles::EventEmitter::emitEvent;
using roles::EventEmitter::nowNs;

namespace {
constexpr qint64 kSilenceNs = 3000000000LL; // no frame for 3 s (heartbeats every 0.5 s): gone
constexpr size_t kSamples = 200000;
constexpr qsizetype kMaxGroup = 512; // entries per apply transaction
// Without semi-sync nobody waits for acknowledgements (they feed the primary's view of the
// replica's lag): at most one per this interval, not one per transaction.
constexpr int kAckIntervalMs = 100;
constexpr qint64 kRelayBytes = 1 << 20; // the relay log starts over past this, once applied
} // namespace

ReplicationClient::ReplicationClient(DbStore *store, RelayLog *relay, const DbEndpoint &primary,
                                     const QString &bindAddress, qint64 serverId, int delayMs,
                                     QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_relay(relay)
    , m_primary(primary)
    , m_bind(bindAddress)
    , m_serverId(serverId)
    , m_delayMs(delayMs) {
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ReplicationClient::connectNow);
    m_delayTimer.setSingleShot(true);
    connect(&m_delayTimer, &QTimer::timeout, this, &ReplicationClient::applyReady);
    m_watchdog.setInterval(500);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        if (m_subscribed && m_receiver && nowNs() - m_receiver->lastHeardNs() > kSilenceNs) {
            emitEvent(EventKind::ReplicationTimeout,
                      QJsonObject{{QStringLiteral("primary"), m_primary.id},
                                  {QStringLiteral("silent_ms"),
                                   (nowNs() - m_receiver->lastHeardNs()) / 1000000}});
            m_receiver->shutdown(); // the I/O thread reports the connection closed
        }
    });
    m_ackTimer.setSingleShot(true);
    m_ackTimer.setInterval(kAckIntervalMs);
    connect(&m_ackTimer, &QTimer::timeout, this, &ReplicationClient::acknowledge);
    m_lagTimer.setInterval(1000);
    connect(&m_lagTimer, &QTimer::timeout, this, [this] { reportLag(false); });
}

ReplicationClient::~ReplicationClient() {
    closeConnection();
}

void ReplicationClient::start() {
    m_stopped = false;
    m_halted = false;
    m_watchdog.start();
    m_lagTimer.start();
    // From the event loop: a node's first event must be "ready", and replaying may report.
    QMetaObject::invokeMethod(this, &ReplicationClient::resume, Qt::QueuedConnection);
}

void ReplicationClient::resume() {
    if (m_stopped || m_halted)
        return;
    // What was received and acknowledged but not applied before (a kill, a reconnect) first.
    int replayed = 0;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    if (m_relay && !m_relay->replay(m_store, &replayed, &code, &error)) {
        halt(EventKind::ReplicationError,
             QJsonObject{{QStringLiteral("code"), int(code)},
                         {QStringLiteral("error"), QStringLiteral("relay log: ") + error}});
        return;
    }
    connectNow();
}

void ReplicationClient::stop() {
    m_stopped = true;
    m_retry.stop();
    m_delayTimer.stop();
    m_watchdog.stop();
    m_lagTimer.stop();
    m_ackTimer.stop();
    m_queue.clear();
    m_subscribed = false;
    closeConnection(); // joins the I/O thread: nothing is relayed after this
    if (!m_halted)
        m_state = QStringLiteral("stopped");
}

void ReplicationClient::closeConnection() {
    delete m_connecting; // the notifiers leave the event loop before their descriptor is closed
    m_connecting = nullptr;
    delete m_stream;
    m_stream = nullptr;
    if (m_receiver) {
        m_loopReads += m_receiver->loopReads();
        m_threadReads += m_receiver->threadReads();
    }
    if (m_connectingFd >= 0)
        ::close(m_connectingFd);
    m_connectingFd = -1;
    m_receiver.reset();
}

void ReplicationClient::setCut(bool cut) {
    m_cut = cut;
    if (cut && m_receiver)
        m_receiver->shutdown();
    else if (cut && m_connecting)
        onDisconnected();
    else if (!cut && !m_stopped && !m_halted && !m_receiver && !m_connecting)
        connectNow();
}

void ReplicationClient::connectNow() {
    if (m_stopped || m_halted)
        return;
    closeConnection();
    if (m_cut) {
        m_retry.start(250);
        return;
    }
    m_state = QStringLiteral("connecting");
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(m_primary.port);
    const QByteArray host = m_primary.address == QLatin1String("localhost")
                                ? QByteArray("127.0.0.1")
                                : m_primary.address.toLatin1();
    if (::inet_pton(AF_INET, host.constData(), &remote.sin_addr) != 1) {
        halt(EventKind::ReplicationError,
             QJsonObject{{QStringLiteral("error"),
                          QStringLiteral("%1 is not an IPv4 address").arg(m_primary.address)}});
        return;
    }
    m_connectingFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_connectingFd < 0) {
        onDisconnected(); // tried again shortly
        return;
    }
    const int one = 1;
    ::setsockopt(m_connectingFd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // From the node's own address: the primary sees (and cuts, and logs) the real peer.
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (!m_bind.isEmpty() &&
        ::inet_pton(AF_INET, m_bind.toLatin1().constData(), &local.sin_addr) == 1)
        ::bind(m_connectingFd, reinterpret_cast<const sockaddr *>(&local), sizeof local);
    m_connecting = new QSocketNotifier(m_connectingFd, QSocketNotifier::Write, this);
    connect(m_connecting, &QSocketNotifier::activated, this, &ReplicationClient::onConnectable);
    if (::connect(m_connectingFd, reinterpret_cast<const sockaddr *>(&remote), sizeof remote) !=
            0 &&
        errno != EINPROGRESS)
        onDisconnected(); // refused at once: tried again shortly
    // Otherwise the write notifier says when it is done.
}

void ReplicationClient::onConnectable() {
    int soError = 0;
    socklen_t len = sizeof soError;
    if (::getsockopt(m_connectingFd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 || soError != 0) {
        onDisconnected();
        return;
    }
    delete m_connecting;
    m_connecting = nullptr;
    const int fd = std::exchange(m_connectingFd, -1);
    m_receiver = std::make_unique<ReplicationReceiver>(fd, m_relay, m_store->lastSeq(), [this] {
        QMetaObject::invokeMethod(this, &ReplicationClient::drain, Qt::QueuedConnection);
    });
    m_state = QStringLiteral("subscribing");
    if (!m_receiver->send(
            encodeFrame(QCborMap{{QStringLiteral("op"), QStringLiteral("subscribe")},
                                 {QStringLiteral("id"), 1},
                                 {QStringLiteral("after"), m_store->lastSeq()},
                                 {QStringLiteral("origin"), m_store->lastOrigin()},
                                 {QStringLiteral("server_id"), m_serverId},
                                 {QStringLiteral("node"), roles::EventEmitter::node()}}))) {
        onDisconnected();
        return;
    }
    // On the role's own event loop the loop reads the stream itself while it is idle, the I/O
    // thread while it is busy (ReplicationReceiver); on another dispatcher, or with
    // INFRASTAGE_REPLICA_READS=thread (for comparisons), the thread reads all.
    static const bool loopReads = qgetenv("INFRASTAGE_REPLICA_READS") != "thread";
    auto *loop = qobject_cast<http::EpollDispatcher *>(QAbstractEventDispatcher::instance());
    if (loop && loopReads) {
        m_stream = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(m_stream, &QSocketNotifier::activated, this, &ReplicationClient::readStream);
        if (!loop->makeExclusive(fd)) {
            delete m_stream;
            m_stream = nullptr;
        }
    }
    m_receiver->start();
}

void ReplicationClient::readStream() {
    if (!m_receiver)
        return;
    m_receiver->readHere();
    drain();
}

void ReplicationClient::onDisconnected() {
    if (!m_receiver && !m_connecting)
        return;
    closeConnection();
    m_queue.clear(); // unapplied entries come again after re-subscribing from our position
    m_delayTimer.stop();
    if (m_subscribed)
        emitEvent(EventKind::ReplicationDisconnected,
                  QJsonObject{{QStringLiteral("primary"), m_primary.id},
                              {QStringLiteral("applied"), m_store->lastSeq()}});
    m_subscribed = false;
    if (!m_halted)
        m_state = QStringLiteral("reconnecting");
    if (!m_stopped && !m_halted)
        m_retry.start(250);
}

void ReplicationClient::drain() {
    if (!m_receiver)
        return; // a connection closed since: what it received comes again
    ReplicationReceiver::Inbox in = m_receiver->take();
    for (const QCborMap &m : std::as_const(in.messages)) {
        handle(m);
        if (!m_receiver || m_halted)
            return;
    }
    if (in.badFrame) {
        halt(EventKind::ReplicationError,
             QJsonObject{{QStringLiteral("error"), QStringLiteral("bad frame from the primary")}});
        return;
    }
    if (in.relayFailed) {
        m_relay = nullptr; // cannot write it: acknowledge what is applied, as without one
        emitEvent(EventKind::ReplicationError,
                  QJsonObject{{QStringLiteral("error"),
                               QStringLiteral("cannot write the relay log; acknowledging "
                                              "transactions once applied")}});
    }
    m_ackNow = m_ackNow || in.ackWanted;
    for (BinlogEntry &e : in.entries) {
        m_primaryLatest = qMax(m_primaryLatest, e.seq);
        m_queue.push_back(std::move(e));
    }
    applyReady();
    if (in.closed)
        onDisconnected();
}

void ReplicationClient::handle(const QCborMap &m) {
    const QString op = m.value(QLatin1String("op")).toString();
    if (op == QLatin1String("heartbeat")) {
        m_primaryLatest = qMax(m_primaryLatest, m.value(QLatin1String("latest")).toInteger(0));
    } else if (op.isEmpty() && m.value(QLatin1String("id")).toInteger(0) == 1) {
        if (m.value(QLatin1String("ok")).toBool()) {
            m_subscribed = true;
            m_state = QStringLiteral("streaming");
            m_primaryLatest = m.value(QLatin1String("latest")).toInteger(0);
            emitEvent(EventKind::ReplicationConnected,
                      QJsonObject{{QStringLiteral("primary"), m_primary.id},
                                  {QStringLiteral("after"), m_store->lastSeq()},
                                  {QStringLiteral("primary_latest"), m_primaryLatest}});
        } else if (m.value(QLatin1String("code")).toInteger() == int(DbErrorCode::Diverged)) {
            diverged(m);
        } else {
            halt(EventKind::ReplicationError,
                 QJsonObject{{QStringLiteral("error"), m.value(QLatin1String("error")).toString()},
                             {QStringLiteral("code"), m.value(QLatin1String("code")).toInteger()}});
        }
    }
}

void ReplicationClient::setApplySlowMs(int ms) {
    m_applySlowMs = qMax(0, ms);
    if (m_applySlowMs == 0 && !m_halted)
        applyReady();
}

void ReplicationClient::applyReady() {
    if (m_applySlowMs > 0 && m_delayTimer.isActive())
        return; // still waiting after the previous transaction
    // Everything that is due goes into one group: one SQLite transaction, one acknowledgement.
    QList<BinlogEntry> batch;
    while (!m_queue.empty() && !m_halted && batch.size() < kMaxGroup) {
        const BinlogEntry &e = m_queue.front();
        if (e.seq <= m_store->lastSeq()) {
            m_queue.pop_front(); // already applied (sent twice across a reconnect)
            continue;
        }
        if (m_delayMs > 0) {
            const qint64 due = e.tsNs + qint64(m_delayMs) * 1000000;
            const qint64 now = nowNs();
            if (now < due) {
                m_delayTimer.start(int((due - now) / 1000000) + 1);
                break;
            }
        }
        batch.append(std::move(m_queue.front()));
        m_queue.pop_front();
        if (m_applySlowMs > 0)
            break; // a slowed replica waits after each transaction
    }
    if (batch.isEmpty())
        return;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    int done = 0;
    const bool ok = m_store->apply(batch, &done, &code, &error, &m_rowsWrittenNs);
    const qint64 now = nowNs();
    for (int i = 0; i < done; ++i) {
        const qint64 lagNs = now - batch.at(i).tsNs;
        m_lastLagMs = double(lagNs) / 1e6;
        m_samples.add(lagNs);
        if (size_t(i) < m_rowsWrittenNs.size())
            m_rowSamples.add(m_rowsWrittenNs[size_t(i)] - batch.at(i).tsNs);
    }
    m_applyGroups += done > 0 ? 1 : 0;
    if (done > 0 && m_receiver)
        m_receiver->setApplied(m_store->lastSeq(), qint64(m_lastLagMs * 1e6));
    if (done > 0 && m_ackNow)
        acknowledge();
    else if (done > 0 && !m_ackTimer.isActive())
        m_ackTimer.start();
    if (m_relay && m_queue.empty())
        m_relay->trim(kRelayBytes, m_store->lastSeq()); // if all of it is applied
    if (done > 0) {
        emit applied(batch.mid(0, done));
        if (m_reportedApplied < 0)
            reportLag(true);
    }
    if (!ok) {
        halt(EventKind::ReplicationError, QJsonObject{{QStringLiteral("seq"), batch.at(done).seq},
                                                      {QStringLiteral("code"), int(code)},
                                                      {QStringLiteral("error"), error}});
        return;
    }
    if (m_applySlowMs > 0)
        m_delayTimer.start(m_applySlowMs); // the next one waits (slowed replica)
    else if (!m_queue.empty() && !m_delayTimer.isActive())
        QMetaObject::invokeMethod(this, &ReplicationClient::applyReady, Qt::QueuedConnection);
}

void ReplicationClient::acknowledge() {
    m_ackNow = false;
    m_ackTimer.stop();
    if (!m_receiver || !m_subscribed)
        return;
    // With a relay log, what it holds counts: MySQL's semi-sync acknowledges the relay write.
    const qint64 applied = m_store->lastSeq();
    m_receiver->acknowledge(m_relay ? qMax(m_receiver->relayedSeq(), applied) : applied,
                            qint64(m_lastLagMs * 1e6));
}

void ReplicationClient::diverged(const QCborMap &answer) {
    const QJsonObject report = DivergenceReport::build(
        m_store, answer.value(QLatin1String("history")).toArray(), m_primary.id);
    // Also a runtime finding, so the GUI and CLI list it beside the static analysis.
    emitEvent(
        EventKind::Finding,
        QJsonObject{
            {QStringLiteral("rule"), QStringLiteral("runtime.split-brain")},
            {QStringLiteral("severity"), QStringLiteral("error")},
            {QStringLiteral("nodes"), QJsonArray{roles::EventEmitter::node(), m_primary.id}},
            {QStringLiteral("title"), QStringLiteral("Split brain: two primaries accepted writes")},
            {QStringLiteral("explanation"), report.value(QLatin1String("explanation"))}});
    halt(EventKind::ReplicationDiverged, report);
}

void ReplicationClient::halt(const QString &kind, const QJsonObject &details) {
    m_halted = true;
    m_state = kind == EventKind::ReplicationDiverged ? QStringLiteral("diverged")
                                                     : QStringLiteral("error");
    QJsonObject d = details;
    d.insert(QStringLiteral("primary"), m_primary.id);
    d.insert(QStringLiteral("applied"), m_store->lastSeq());
    emitEvent(kind, d);
    m_queue.clear();
    m_delayTimer.stop();
    closeConnection();
    m_subscribed = false;
}

qint64 ReplicationClient::behindTxns() const {
    return qMax<qint64>(0, m_primaryLatest - m_store->lastSeq());
}

double ReplicationClient::behindMs() const {
    if (behindTxns() == 0)
        return 0;
    if (!m_queue.empty())
        return double(nowNs() - m_queue.front().tsNs) / 1e6;
    return m_lastLagMs;
}

void ReplicationClient::reportLag(bool force) {
    const qint64 applied = m_store->lastSeq();
    if (!force && applied == m_reportedApplied && behindTxns() == 0)
        return;
    m_reportedApplied = applied;
    emitEvent(EventKind::ReplicationLag,
              QJsonObject{{QStringLiteral("primary"), m_primary.id},
                          {QStringLiteral("applied"), applied},
                          {QStringLiteral("primary_latest"), m_primaryLatest},
                          {QStringLiteral("behind_txns"), behindTxns()},
                          {QStringLiteral("behind_ms"), behindMs()},
                          {QStringLiteral("last_lag_ms"), m_lastLagMs},
                          {QStringLiteral("delay_ms"), m_delayMs}});
}

QCborMap ReplicationClient::status() const {
    return QCborMap{{QStringLiteral("primary"), m_primary.id},
                    {QStringLiteral("primary_address"), m_primary.address},
                    {QStringLiteral("primary_port"), m_primary.port},
                    {QStringLiteral("state"), m_state},
                    {QStringLiteral("applied"), m_store->lastSeq()},
                    {QStringLiteral("primary_latest"), m_primaryLatest},
                    {QStringLiteral("behind_txns"), behindTxns()},
                    {QStringLiteral("behind_ms"), behindMs()},
                    {QStringLiteral("last_lag_ms"), m_lastLagMs},
                    {QStringLiteral("delay_ms"), m_delayMs},
                    {QStringLiteral("apply_groups"), m_applyGroups},
                    {QStringLiteral("stream_reads_loop"),
                     m_loopReads + (m_receiver ? m_receiver->loopReads() : 0)},
                    {QStringLiteral("stream_reads_thread"),
                     m_threadReads + (m_receiver ? m_receiver->threadReads() : 0)}};
}

void ReplicationClient::LagRing::add(qint64 lagNs) {
    const qint32 us = qint32(qMin<qint64>(lagNs / 1000, INT32_MAX));
    if (samples.size() < kSamples)
        samples.push_back(us);
    else
        samples[next++ % kSamples] = us;
}

QCborArray ReplicationClient::LagRing::toArray() const {
    QCborArray out;
    for (qint32 v : samples)
        out.append(v);
    return out;
}

QCborArray ReplicationClient::lagSamples() const {
    return m_samples.toArray();
}

QCborArray ReplicationClient::rowLagSamples() const {
    return m_rowSamples.toArray();
}

} // namespace infrastage::db
