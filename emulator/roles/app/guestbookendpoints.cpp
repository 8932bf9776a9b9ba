// The guestbook: the demo application's database-backed endpoints (the reference design's
// "database operation" step).
//   GET  /api/guestbook          recent messages, read from the database on this server (the
//                                "read" database; the primary if there is none, or if the
//                                read database cannot be reached)
//   POST /api/guestbook          {"author","message"} (JSON or form): written to the primary
// Every answer names the database that answered and its role. With read_your_writes, a client
// that wrote transaction N (cookie gb_seq=N) reads from a replica only once it has applied N,
// else from the primary.
#include "appendpoints.h"
#include "guestbookdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace infrastage::roles::app {

namespace {

const QString kCreate = QStringLiteral(
    "CREATE TABLE IF NOT EXISTS guestbook(id INTEGER PRIMARY KEY, author TEXT NOT NULL, "
    "message TEXT NOT NULL, created TEXT NOT NULL, written_via TEXT)");
const QString kList = QStringLiteral(
    "SELECT id, author, message, created, written_via FROM guestbook ORDER BY id DESC LIMIT 50");
constexpr int kMaxField = 2000;

QJsonObject endpointOf(const AppContext &c, const char *which) {
    return c.databases.value(QLatin1String(which)).toObject();
}

QJsonObject describe(const QJsonObject &endpoint, const db::DbResult &r) {
    return QJsonObject{{QStringLiteral("id"), r.servedBy.isEmpty()
                                                  ? endpoint.value(QLatin1String("id")).toString()
                                                  : r.servedBy},
                       {QStringLiteral("role"), r.role},
                       {QStringLiteral("position"), r.position}};
}

void reply(const AppExchangePtr &x, int status, QJsonObject body, const QByteArray &cookie = {}) {
    body.insert(QStringLiteral("served_by"), x->context().servedBy);
    http::HttpResponse r;
    r.status = status;
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Cache-Control", "no-store");
    const QJsonObject db = body.value(QLatin1String("database")).toObject();
    if (!db.isEmpty())
        r.headers.add("X-Database", QStringLiteral("%1 (%2)")
                                        .arg(db.value(QLatin1String("id")).toString(),
                                             db.value(QLatin1String("role")).toString())
                                        .toUtf8());
    if (!cookie.isEmpty())
        r.headers.add("Set-Cookie", cookie);
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n';
    x->respond(std::move(r));
}

void dbError(const AppExchangePtr &x, const QJsonObject &endpoint, const db::DbResult &r) {
    reply(x, 503,
          QJsonObject{
              {QStringLiteral("error"), r.error},
              {QStringLiteral("code"), int(r.code)},
              {QStringLiteral("database"),
               QJsonObject{{QStringLiteral("id"), endpoint.value(QLatin1String("id")).toString()},
                           {QStringLiteral("role"), r.role}}}});
}

qint64 cookieSeq(const AppExchangePtr &x) {
    const QByteArray cookies = x->request().request.headers.combined("Cookie");
    for (const QByteArray &part : cookies.split(';')) {
        const QByteArray kv = part.trimmed();
        if (kv.startsWith("gb_seq="))
            return kv.mid(7).toLongLong();
    }
    return 0;
}

void sendList(const AppExchangePtr &x, const QJsonObject &endpoint, const db::DbResult &r,
              bool fromPrimaryForRyw) {
    QJsonArray messages;
    if (r.ok) {
        for (const QCborValue &row : r.rows) {
            const QCborArray a = row.toArray();
            messages.append(QJsonObject{{QStringLiteral("id"), a.at(0).toInteger()},
                                        {QStringLiteral("author"), a.at(1).toString()},
                                        {QStringLiteral("message"), a.at(2).toString()},
                                        {QStringLiteral("created"), a.at(3).toString()},
                                        {QStringLiteral("written_via"), a.at(4).toString()}});
        }
    }
    reply(x, 200,
          QJsonObject{{QStringLiteral("messages"), messages},
                      {QStringLiteral("database"), describe(endpoint, r)},
                      {QStringLiteral("read_your_writes"), fromPrimaryForRyw}});
}

// Reads from the primary: the replica is behind the client's own write, or unreachable.
void listFromPrimary(const AppExchangePtr &x, const QJsonObject &write, const QString &trace,
                     bool forRyw) {
    GuestbookDatabase::instance().query(
        write, kList, {}, trace, [x, write, forRyw](const db::DbResult &p) {
            if (!p.ok && !p.error.contains(QLatin1String("no such table")))
                return dbError(x, write, p);
            sendList(x, write, p, forRyw);
        });
}

bool unreachable(const db::DbResult &r) {
    return r.code == db::DbErrorCode::ConnectionLost || r.code == db::DbErrorCode::Timeout ||
           r.code == db::DbErrorCode::NotConnected;
}

void list(const AppExchangePtr &x) {
    const AppContext &c = x->context();
    const QJsonObject write = endpointOf(c, "write");
    QJsonObject read = endpointOf(c, "read");
    if (read.isEmpty())
        read = write;
    const bool ryw = c.databases.value(QLatin1String("read_your_writes")).toBool(false);
    const qint64 mine = ryw ? cookieSeq(x) : 0;
    const QString trace = QString::fromLatin1(x->trace().traceId());
    GuestbookDatabase::instance().query(
        read, kList, {}, trace, [x, read, write, mine, trace](const db::DbResult &r) {
            const bool noTable = !r.ok && r.error.contains(QLatin1String("no such table"));
            // A replica that cannot be reached: the primary serves the read (as a read/write
            // splitter such as ProxySQL or MaxScale does when no reader is left).
            if (!r.ok && unreachable(r) && read != write && !write.isEmpty())
                return listFromPrimary(x, write, trace, false);
            if (!r.ok && !noTable)
                return dbError(x, read, r);
            // This replica has not applied the client's own write yet: ask the primary.
            if (mine > 0 && r.position < mine && read != write)
                return listFromPrimary(x, write, trace, true);
            sendList(x, read, r, false);
        });
}

void post(const AppExchangePtr &x) {
    const QByteArray body = x->request().request.body;
    QString author, message;
    const QJsonDocument json = QJsonDocument::fromJson(body);
    if (json.isObject()) {
        author = json.object().value(QLatin1String("author")).toString();
        message = json.object().value(QLatin1String("message")).toString();
    } else {
        const QUrlQuery form(QString::fromUtf8(body).replace(QLatin1Char('+'), QLatin1Char(' ')));
        author = form.queryItemValue(QStringLiteral("author"), QUrl::FullyDecoded);
        message = form.queryItemValue(QStringLiteral("message"), QUrl::FullyDecoded);
    }
    author = author.trimmed();
    message = message.trimmed();
    if (author.isEmpty() || message.isEmpty() || author.size() > kMaxField ||
        message.size() > kMaxField)
        return reply(x, 400,
                     QJsonObject{{QStringLiteral("error"),
                                  QStringLiteral("send \"author\" and \"message\" (1 to %1 "
                                                 "characters each), as JSON or a form")
                                      .arg(kMaxField)}});
    const QJsonObject write = endpointOf(x->context(), "write");
    const QString trace = QString::fromLatin1(x->trace().traceId());
    const QCborArray params{author, message, x->context().servedBy};
    const QString insert =
        QStringLiteral("INSERT INTO guestbook(author, message, created, written_via) "
                       "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)");
    auto done = [x, write](const db::DbResult &r) {
        if (!r.ok)
            return dbError(x, write, r);
        reply(x, 201,
              QJsonObject{{QStringLiteral("id"), r.lastInsertId},
                          {QStringLiteral("seq"), r.seq},
                          {QStringLiteral("database"), describe(write, r)}},
              "gb_seq=" + QByteArray::number(r.seq) + "; Path=/; Max-Age=3600; SameSite=Lax");
    };
    // The table is created on first use, on the primary, and replicates like everything else.
    GuestbookDatabase::instance().query(
        write, insert, params, trace, [write, insert, params, trace, done](const db::DbResult &r) {
            if (r.ok || !r.error.contains(QLatin1String("no such table")))
                return done(r);
            GuestbookDatabase::instance().query(
                write, kCreate, {}, trace,
                [write, insert, params, trace, done](const db::DbResult &c) {
                    if (!c.ok)
                        return done(c);
                    GuestbookDatabase::instance().query(write, insert, params, trace, done);
                });
        });
}

// The table exists before the first visit, so the walkthrough's first read of the guestbook is
// a plain SELECT of no rows. Made on the primary and replicated like everything else; when it
// fails (no primary yet) the first POST makes it.
AppStartRegistration ensureTable([](const AppContext &c) {
    const QJsonObject write = endpointOf(c, "write");
    if (!write.isEmpty())
        GuestbookDatabase::instance().query(write, kCreate, {}, QString(),
                                            [](const db::DbResult &) {});
});

AppEndpointRegistration registration("guestbook", [](AppRouter &router) {
    router.add("GET", "/api/guestbook", [](const AppExchangePtr &x) {
        x->setHandler(QStringLiteral("/api/guestbook"));
        list(x);
    });
    router.add("POST", "/api/guestbook", [](const AppExchangePtr &x) {
        x->setHandler(QStringLiteral("/api/guestbook"));
        post(x);
    });
});

} // namespace

} // namespace infrastage::roles::app
