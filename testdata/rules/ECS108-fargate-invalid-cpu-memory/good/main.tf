# Near misses: valid pairs in both spellings; an EC2 task definition without task-level sizes.
resource "aws_ecs_task_definition" "small" {
  family                   = "small"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 2048
  container_definitions    = jsonencode([{ name = "small", image = "example/small:1", essential = true }])
}

resource "aws_ecs_task_definition" "units" {
  family                   = "units"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "1 vCPU"
  memory                   = "3 GB"
  container_definitions    = jsonencode([{ name = "units", image = "example/units:1", essential = true }])
}

resource "aws_ecs_task_definition" "large" {
  family                   = "large"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 8192
  memory                   = 20480
  container_definitions    = jsonencode([{ name = "large", image = "example/large:1", essential = true }])
}

resource "aws_ecs_task_definition" "ec2" {
  family                   = "ec2"
  requires_compatibilities = ["EC2"]
  container_definitions    = jsonencode([{ name = "ec2", image = "example/ec2:1", essential = true, memory = 256 }])
}
