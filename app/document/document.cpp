#include "document.h"

#include "io/topologyfile.h"

#include <QDir>
#include <QFileInfo>

namespace infrastage::gui {

Document::Document(QObject *parent)
    : QObject(parent) {
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

QString Document::displayName() const {
    if (!m_path.isEmpty())
        return QFileInfo(m_path).fileName();
    if (!m_importedFrom.isEmpty())
        return tr("Imported from %1").arg(QFileInfo(m_importedFrom).fileName());
    return tr("Untitled");
}

void Document::reset(const TopologyData &data, const QString &path) {
    m_importedFrom.clear();
    m_suggestedPath.clear();
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

void Document::resetImported(const TopologyData &data, const QString &source) {
    reset(data);
    const QFileInfo info(source);
    m_importedFrom = info.absoluteFilePath();
    m_suggestedPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".infra.json"));
    // Nothing on disk holds this design yet: closing must offer to save it.
    m_undo.resetClean();
    Q_EMIT pathChanged(QString());
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
