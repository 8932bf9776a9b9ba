#pragma once

#include "gateway/metricsnapshot.h"

#include <QHash>
#include <QWidget>

class QChart;
class QLabel;
class QLineSeries;
class QPushButton;
class QSpinBox;

namespace infrastage::gui {

// The Metrics dock: a load's requests/s per backend, latency p50/p95/p99, errors/s and
// replication lag per replica, over the last minutes, one point per snapshot; with the
// controls to start and stop a load.
class MetricsPanel final : public QWidget {
    Q_OBJECT

public:
    explicit MetricsPanel(QWidget *parent = nullptr);

    void clear();
    void addSnapshot(const runtime::MetricSnapshot &snapshot);
    void setLoadRunning(bool running);
    void setCanStart(bool can);
    int points() const { return m_points; }
    QString summary() const; // the latest figures in words, for the label and tests

Q_SIGNALS:
    void startLoadRequested(double rate, int concurrency);
    void stopLoadRequested();

private:
    QLineSeries *series(QChart *chart, QHash<QString, QLineSeries *> *map, const QString &name);
    void append(QChart *chart, QHash<QString, QLineSeries *> *map, const QString &name, double x,
                double y);

    QChart *m_rates;
    QChart *m_latency;
    QChart *m_errors;
    QChart *m_lag;
    QHash<QString, QLineSeries *> m_rateSeries, m_latencySeries, m_errorSeries, m_lagSeries;
    QSpinBox *m_rate;
    QSpinBox *m_connections;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_summary;
    int m_points = 0;
};

} // namespace infrastage::gui
