#include "dbclient.h"

#include <QDateTime>
#include <QEventLoop>
#include <QHostAddress>

namespace infrastage::db {

DbClient::DbClient(QObject *parent)
    : QObject(parent)
    , m_reader(kDefaultMaxFrame * 4) {
    m_timeoutTimer.setInterval(100);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &DbClient::checkTimeouts);
}

DbClient::~DbClient() {
    // Callbacks may touch objects that are being destroyed too: drop them silently.
    m_pending.clear();
    if (m_socket)
        m_socket->abort();
}

void DbClient::connectToServer(const QString &address, quint16 port, const QString &bindAddress) {
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    failAll(DbErrorCode::ConnectionLost, QStringLiteral("reconnecting"));
    m_reader = FrameReader(kDefaultMaxFrame * 4);
    m_address = address;
    m_port = port;
    m_socket = new QTcpSocket(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QTcpSocket *socket = m_socket;
    connect(socket, &QTcpSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        emit connected();
    });
    connect(socket, &QTcpSocket::readyRead, this, &DbClient::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        failAll(DbErrorCode::ConnectionLost, QStringLiteral("connection closed by the server"));
        emit disconnected();
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            failAll(DbErrorCode::ConnectionLost, socket->errorString());
            emit disconnected();
        }
    });
    if (!bindAddress.isEmpty())
        socket->bind(QHostAddress(bindAddress), 0);
    socket->connectToHost(address, port);
}

void DbClient::disconnectFromServer() {
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    failAll(DbErrorCode::ConnectionLost, QStringLiteral("disconnected"));
}

bool DbClient::isConnected() const {
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 DbClient::query(const QString &sql, const QCborArray &params, Callback callback,
                       const QString &trace) {
    const qint64 id = m_nextId;
    QByteArray frame;
    appendQueryFrame(&frame, id, sql, params, trace); // the bytes, with no map built
    return send(frame, std::move(callback));
}

qint64 DbClient::transaction(const QList<DbStatement> &statements, Callback callback,
                             const QString &trace) {
    return request(transactionRequest(statements, trace), std::move(callback));
}

qint64 DbClient::request(QCborMap message, Callback callback) {
    message.insert(QStringLiteral("id"), m_nextId);
    return send(encodeFrame(message), std::move(callback));
}

qint64 DbClient::send(const QByteArray &frame, Callback callback) {
    const qint64 id = m_nextId++;
    if (!isConnected()) {
        // Answer asynchronously so callers never see their callback run inside the call.
        QTimer::singleShot(0, this, [callback] {
            if (callback)
                callback(DbResult::failure(DbErrorCode::NotConnected,
                                           QStringLiteral("not connected to the database")));
        });
        return id;
    }
    Pending p{std::move(callback), 0};
    if (m_timeoutMs > 0) {
        p.deadlineMs = QDateTime::currentMSecsSinceEpoch() + m_timeoutMs;
        if (!m_timeoutTimer.isActive())
            m_timeoutTimer.start();
    }
    m_pending.insert(id, std::move(p));
    m_socket->write(frame);
    return id;
}

void DbClient::onReadyRead() {
    m_reader.append(m_socket->readAll());
    QByteArray payload;
    for (;;) {
        const FrameReader::Status st = m_reader.next(&payload);
        if (st == FrameReader::Status::NeedMore)
            return;
        DbResult result;
        qint64 id = 0;
        bool bad = st == FrameReader::Status::TooLarge;
        if (!bad && !DbResult::fromPayload(payload, &result, &id)) {
            QCborMap m;
            QString why;
            bad = !decodeMessage(payload, &m, &why);
            id = m.value(QLatin1String("id")).toInteger(0);
            result = DbResult::fromResponse(m);
        }
        if (bad) {
            failAll(DbErrorCode::BadFrame, QStringLiteral("bad frame from the server"));
            m_socket->abort();
            return;
        }
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            continue; // an answer to a request that timed out
        Callback cb = std::move(it->callback);
        m_pending.erase(it);
        if (cb)
            cb(result);
        if (!m_socket)
            return; // the callback disconnected us
    }
}

void DbClient::failAll(DbErrorCode code, const QString &why) {
    const QHash<qint64, Pending> pending = std::exchange(m_pending, {});
    QList<qint64> ids = pending.keys();
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids) {
        if (pending.value(id).callback)
            pending.value(id).callback(DbResult::failure(code, why));
    }
}

void DbClient::checkTimeouts() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<qint64> expired;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->deadlineMs > 0 && it->deadlineMs <= now)
            expired.append(it.key());
    }
    std::sort(expired.begin(), expired.end());
    for (qint64 id : expired) {
        const Callback cb = m_pending.take(id).callback;
        if (cb)
            cb(DbResult::failure(DbErrorCode::Timeout, QStringLiteral("no answer in time")));
    }
    if (m_pending.isEmpty())
        m_timeoutTimer.stop();
}

bool DbClient::waitForConnected(int ms) {
    if (isConnected())
        return true;
    if (!m_socket)
        return false;
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    connect(this, &DbClient::connected, &loop, &QEventLoop::quit);
    connect(this, &DbClient::disconnected, &loop, &QEventLoop::quit);
    loop.exec();
    return isConnected();
}

DbResult DbClient::querySync(const QString &sql, const QCborArray &params, int ms,
                             const QString &trace) {
    return requestSync(queryRequest(sql, params, trace), ms);
}

DbResult DbClient::requestSync(const QCborMap &message, int ms) {
    QEventLoop loop;
    bool done = false;
    DbResult result = DbResult::failure(DbErrorCode::Timeout, QStringLiteral("no answer in time"));
    const qint64 id = request(message, [&](const DbResult &r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!done) {
        // A timer that dies with this call: QTimer::singleShot would stay registered for its
        // whole `ms` (10 s by default), and thousands of calls a second left tens of thousands
        // of timers for the event loop to go through on every pass.
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(ms);
        loop.exec();
    }
    if (!done) {
        m_pending.remove(id); // the callback refers to this stack frame
    }
    return result;
}

} // namespace infrastage::db
