#include "filecontroller.h"

#include "autosaver.h"
#include "document.h"
#include "io/topologyfile.h"
#include "templategallery.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace infrastage::gui {

namespace {
constexpr int kMaxRecent = 8;
const char *kRecentKey = "files/recent";
} // namespace

FileController::FileController(Document *document, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window)
    , m_autosaver(new Autosaver(document, this)) {}

QString FileController::fileFilter() {
    return tr("Infrastage designs (*.infra.json *.infrastage);;"
              "Interchange format (*.infra.json);;Project files (*.infrastage);;All files (*)");
}

void FileController::report(const QString &title, const QString &message) {
    m_lastError = message;
    if (m_interactive)
        QMessageBox::warning(m_window, title, message);
}

bool FileController::openPath(const QString &path) {
    QString error;
    // Document::load reads into a fresh topology first: a failure leaves the open one intact.
    if (!m_document->load(path, &error)) {
        report(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
        return false;
    }
    m_lastError.clear();
    addRecent(m_document->path());
    Q_EMIT opened();
    return true;
}

bool FileController::newFromTemplateGallery() {
    if (!maybeSave())
        return false;
    TemplateGallery gallery(m_window);
    if (gallery.exec() != QDialog::Accepted)
        return false;
    m_document->reset(gallery.selectedTopology());
    Q_EMIT opened();
    return true;
}

bool FileController::open() {
    if (!maybeSave())
        return false;
    const QString start =
        m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).path();
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Open design"), start, fileFilter());
    return !path.isEmpty() && openPath(path);
}

bool FileController::save() {
    if (m_document->path().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        report(tr("Cannot save"), error);
        return false;
    }
    addRecent(m_document->path());
    return true;
}

bool FileController::saveAs() {
    QString start = m_document->path();
    if (start.isEmpty())
        start = tr("design.infra.json");
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save design as"), start, fileFilter());
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".infrastage")) && !path.endsWith(QLatin1String(".json")))
        path += QStringLiteral(".infra.json");
    QString error;
    if (!m_document->saveAs(path, &error)) {
        report(tr("Cannot save"), error);
        return false;
    }
    addRecent(m_document->path());
    return true;
}

bool FileController::maybeSave() {
    if (!m_document->isModified() || !m_interactive)
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("Unsaved changes"),
        tr("%1 has changes that are not saved. Save them?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    return true;
}

void FileController::offerRecovery() {
    const QString leftover = Autosaver::leftoverRecoveryFile();
    if (leftover.isEmpty() || !m_interactive)
        return;
    const auto answer = QMessageBox::question(
        m_window, tr("Recover unsaved work?"),
        tr("Infrastage did not close properly last time. Restore the design it was editing?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes) {
        QString error;
        TopologyData data;
        if (TopologyFile::load(leftover, &data, &error)) {
            m_document->reset(data);
            // Recovered work is unsaved work: mark it so.
            m_document->undoStack()->resetClean();
            Q_EMIT opened();
        } else {
            report(tr("Cannot recover"), error);
        }
    }
    QFile::remove(leftover);
}

QStringList FileController::recentFiles() const {
    return QSettings().value(QLatin1String(kRecentKey)).toStringList();
}

void FileController::addRecent(const QString &path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), files);
    Q_EMIT recentFilesChanged();
}

void FileController::fillRecentMenu(QMenu *menu) {
    menu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *a =
            menu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openPath(path);
        });
    }
    if (files.isEmpty())
        menu->addAction(tr("No recent files"))->setEnabled(false);
    menu->addSeparator();
    connect(menu->addAction(tr("&Clear list")), &QAction::triggered, this, [this] {
        QSettings().remove(QLatin1String(kRecentKey));
        Q_EMIT recentFilesChanged();
    });
}

} // namespace infrastage::gui
