#pragma once

#include "model/topology.h"

#include <QObject>
#include <QUndoStack>

namespace infrastage::gui {

// One open design: the topology, its undo stack, the file it belongs to and whether it has
// unsaved changes (the undo stack's clean state).
class Document final : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject *parent = nullptr);

    Topology *topology() { return &m_topology; }
    const TopologyData &data() const { return m_topology.data(); }
    QUndoStack *undoStack() { return &m_undo; }

    QString path() const { return m_path; }
    bool isModified() const { return !m_undo.isClean(); }
    // "three-server.infra.json", or "Untitled" for a new design.
    QString displayName() const;

    // Replaces the content (a new design or a template); no path, history cleared.
    void reset(const TopologyData &data, const QString &path = QString());
    // Replaces the content with a design read from `source` (a Mermaid diagram, say): the
    // document has no path, so Save asks where, and it counts as unsaved work.
    void resetImported(const TopologyData &data, const QString &source);
    // Where Save As proposes to write a document without a path (beside its import source).
    QString suggestedPath() const { return m_suggestedPath; }
    // Reads `path`; on failure the current document is left exactly as it was.
    bool load(const QString &path, QString *error);
    // Writes to `path` (atomically); on success it becomes the document's path, clean.
    bool saveAs(const QString &path, QString *error);
    bool save(QString *error) { return saveAs(m_path, error); }

Q_SIGNALS:
    void pathChanged(const QString &path);
    void modifiedChanged(bool modified);
    void contentReset();

private:
    Topology m_topology;
    QUndoStack m_undo;
    QString m_path;
    QString m_suggestedPath;
    QString m_importedFrom;
};

} // namespace infrastage::gui
