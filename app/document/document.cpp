#include "document.h"

#include "io/topologyfile.h"

#include <QFileInfo>

namespace infrastage::gui {

Document::Document(QObject *parent)
    : QObject(parent) {
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

QString Document::displayName() const {
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

void Document::reset(const TopologyData &data, const QString &path) {
    m_undo.clear();
    m_topology.reset(data);
    m_undo.setClean();
    if (m_path != path) {
        m_path = path;
        Q_EMIT pathChanged(path);
    }
    Q_EMIT modifiedChanged(false);
    Q_EMIT contentReset();
}

bool Document::load(const QString &path, QString *error) {
    TopologyData data;
    if (!TopologyFile::load(path, &data, error))
        return false;
    reset(data, QFileInfo(path).absoluteFilePath());
    return true;
}

bool Document::saveAs(const QString &path, QString *error) {
    if (path.isEmpty()) {
        *error = tr("No file name given.");
        return false;
    }
    if (!TopologyFile::save(path, m_topology.data(), error))
        return false;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_path != absolute) {
        m_path = absolute;
        Q_EMIT pathChanged(absolute);
    }
    m_undo.setClean();
    return true;
}

} // namespace infrastage::gui
