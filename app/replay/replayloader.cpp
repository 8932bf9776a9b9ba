#include "replayloader.h"

#include "io/jsonformat.h"
#include "io/projectrecordings.h"
#include "io/sqlitedb.h"

#include <QHash>
#include <QThread>

#include <algorithm>

namespace infrastage::gui {

using namespace SqliteDb;

namespace {

// A JSON object's text as far as a quick look tells: braces and brackets balanced outside
// strings, one object. (Parsing is left to whoever reads the details.)
bool looksLikeObject(const QByteArray &text) {
    int depth = 0;
    bool inString = false;
    const char *p = text.constData();
    const char *end = p + text.size();
    while (p < end && (*p == ' ' || *p == '\n'))
        ++p;
    if (p == end || *p != '{')
        return false;
    for (; p < end; ++p) {
        const char c = *p;
        if (inString) {
            if (c == '\\')
                ++p;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return std::all_of(p + 1, end, [](char x) { return x == ' ' || x == '\n'; });
        }
    }
    return false;
}

} // namespace

ReplayLoader::ReplayLoader(QObject *parent)
    : QObject(parent) {}

ReplayLoader::~ReplayLoader() {
    ++m_generation;
    for (QThread *t : std::as_const(m_threads)) {
        t->wait();
        delete t;
    }
}

std::shared_ptr<const ReplayTimeline> ReplayLoader::read(const RecordingInfo &info,
                                                         QString *error) {
    auto damaged = [&](const QString &what) {
        *error = QObject::tr("Recording '%1' cannot be replayed: %2 (%3)")
                     .arg(info.name, what, info.path);
        return nullptr;
    };
    TopologyData recorded;
    QString why;
    if (!JsonFormat::read(info.topology, &recorded, &why))
        return damaged(QObject::tr("the design it was recorded from is unreadable: %1").arg(why));
    Db db = openReadOnly(info.path, &why);
    if (!db)
        return damaged(why);
    Stmt s = prepare(db.get(), ProjectRecordings::eventsQuery(info.source));
    if (!s)
        return damaged(lastError(db.get()));
    sqlite3_bind_int64(s.get(), 1, info.id);
    std::vector<runtime::RuntimeEvent> events;
    events.reserve(size_t(qMax<qint64>(0, info.events)));
    // Nodes and kinds repeat: one string each. Details stay text here; the timeline parses
    // those it reads, the views those they show.
    QHash<QByteArray, QString> names;
    auto name = [&names](sqlite3_stmt *st, int col) {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
        const QByteArray raw = QByteArray::fromRawData(p ? p : "", sqlite3_column_bytes(st, col));
        auto it = names.constFind(raw);
        if (it == names.constEnd())
            it = names.insert(QByteArray(raw.constData(), raw.size()), QString::fromUtf8(raw));
        return *it;
    };
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        const qint64 seq = sqlite3_column_int64(s.get(), 0);
        runtime::RuntimeEvent e;
        e.t = sqlite3_column_int64(s.get(), 1);
        e.node = name(s.get(), 2);
        e.kind = name(s.get(), 3);
        e.trace = columnText(s.get(), 4);
        const auto *bytes = static_cast<const char *>(sqlite3_column_blob(s.get(), 5));
        e.detailsJson = QByteArray(bytes, sqlite3_column_bytes(s.get(), 5));
        if (e.kind.isEmpty() || e.node.isEmpty())
            return damaged(QObject::tr("event %1 has no node or kind").arg(seq));
        if (!looksLikeObject(e.detailsJson))
            return damaged(
                QObject::tr("event %1 (%2) has unreadable details").arg(seq).arg(e.kind));
        events.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE)
        return damaged(lastError(db.get()));
    if (events.empty())
        return damaged(QObject::tr("it holds no events"));
    if (info.events > 0 && qint64(events.size()) != info.events)
        return damaged(
            QObject::tr("%1 events listed, %2 found").arg(info.events).arg(events.size()));
    return std::make_shared<const ReplayTimeline>(info, std::move(recorded), std::move(events));
}

void ReplayLoader::load(const RecordingInfo &info) {
    // A load under way finishes on its own; its result is dropped.
    const int generation = ++m_generation;
    QThread *thread = QThread::create([info, generation, this] {
        QString error;
        std::shared_ptr<const ReplayTimeline> timeline = read(info, &error);
        // Queued to this object's thread; the destructor waits for every thread first.
        QMetaObject::invokeMethod(
            this,
            [timeline, error, generation, this] {
                if (generation != m_generation)
                    return;
                if (timeline)
                    emit loaded(timeline);
                else
                    emit failed(error);
            },
            Qt::QueuedConnection);
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start(QThread::LowPriority);
}

} // namespace infrastage::gui
