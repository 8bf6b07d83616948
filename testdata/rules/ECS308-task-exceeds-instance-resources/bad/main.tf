# Four tasks that a t3.medium cannot hold.

# 4 vCPUs at task level: 4,096 CPU units, the instance registers 2,048.
resource "aws_ecs_task_definition" "report" {
  family       = "report"
  network_mode = "bridge"
  cpu          = "4 vCPU" # expect: ECS308
  memory       = "1 GB"
  container_definitions = jsonencode([{
    name      = "report"
    image     = "example/report:1.0"
    essential = true
  }])
}

# No task-level memory: the containers' reservations add up to the whole advertised 4,096 MiB,
# which an instance never registers (the kernel keeps some).
resource "aws_ecs_task_definition" "cache" {
  family       = "cache"
  network_mode = "bridge"
  container_definitions = jsonencode([ # expect: ECS308
    { name = "redis", image = "redis:7", essential = true, memory = 4096, memoryReservation = 3584 },
    { name = "exporter", image = "oliver006/redis_exporter:v1", essential = false, memory = 512 },
  ])
}

# A GPU on an instance type without one.
resource "aws_ecs_task_definition" "infer" {
  family       = "infer"
  network_mode = "bridge"
  container_definitions = jsonencode([{ # expect: ECS308
    name                 = "infer"
    image                = "example/infer:2.1"
    essential            = true
    memory               = 1024
    resourceRequirements = [{ type = "GPU", value = "1" }]
  }])
}

# 4,000 MiB: below the advertised 4,096 but above the ~3,891 assumed usable: may not fit.
resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "bridge"
  memory       = "4000" # expect: ECS308
  container_definitions = jsonencode([{
    name      = "batch"
    image     = "example/batch:3"
    essential = true
  }])
}

resource "aws_ecs_service" "report" {
  name            = "report"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.report.arn
  desired_count   = 1
}

resource "aws_ecs_service" "cache" {
  name            = "cache"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.cache.arn
  desired_count   = 1
}

resource "aws_ecs_service" "infer" {
  name            = "infer"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.infer.arn
  desired_count   = 1
}

resource "aws_ecs_service" "batch" {
  name            = "batch"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch.arn
  desired_count   = 1
}
