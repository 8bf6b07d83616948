# Prometheus node exporter on every container instance: DAEMON scheduling, bridge mode, fixed
# host port 9100 so the scraper finds it at <instance-ip>:9100.

resource "aws_ecs_cluster" "apps" {
  name = "apps"
}

resource "aws_ecs_task_definition" "node_exporter" {
  family       = "node-exporter"
  network_mode = "bridge"
  pid_mode     = "host"

  volume {
    name      = "proc"
    host_path = "/proc"
  }

  volume {
    name      = "sys"
    host_path = "/sys"
  }

  container_definitions = jsonencode([
    {
      name      = "node-exporter"
      image     = "quay.io/prometheus/node-exporter:v1.8.2"
      essential = true
      cpu       = 64
      memory    = 128
      command   = ["--path.procfs=/host/proc", "--path.sysfs=/host/sys"]
      portMappings = [
        {
          containerPort = 9100
          hostPort      = 9100
          protocol      = "tcp"
        }
      ]
      mountPoints = [
        { sourceVolume = "proc", containerPath = "/host/proc", readOnly = true },
        { sourceVolume = "sys", containerPath = "/host/sys", readOnly = true }
      ]
    }
  ])
}

resource "aws_ecs_service" "node_exporter" {
  name                = "node-exporter"
  cluster             = aws_ecs_cluster.apps.id
  task_definition     = aws_ecs_task_definition.node_exporter.arn
  launch_type         = "EC2"
  scheduling_strategy = "DAEMON"
}
